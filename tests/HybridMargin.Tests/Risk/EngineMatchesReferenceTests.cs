using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Tests.Reference;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Risk;

/// <summary>The engine's figures and standalone IM against the from-scratch reference of SPEC §4 on random books and on the sample book.</summary>
public sealed class EngineMatchesReferenceTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public void Random_portfolios_have_the_reference_figures_and_standalone_margin()
    {
        var random = new Random(20_261_124);
        var log = new ErrorLog();
        int portfolios = 0;
        for (int b = 0; b < 50; b++)
        {
            var book = BookLoader.Parse(RandomBook.Json(random, new RandomBookShape { WithSecondStable = b % 2 == 1 }));
            var engine = new RiskEngine(book);
            for (int a = 0; a < book.Accounts.Count; a++)
            {
                var state = ReferenceState.FromBook(book, a);
                Check(book, engine, a, state, $"book {b} account {a}", log);
                portfolios++;
            }
        }

        _output.WriteLine($"{portfolios} portfolios; largest relative errors: {log}");
        Assert.True(portfolios >= 200);
    }

    [Fact]
    public void Random_portfolios_have_the_reference_figures_after_marks_and_vols_move()
    {
        var random = new Random(7);
        var log = new ErrorLog();
        int portfolios = 0;
        for (int b = 0; b < 40; b++)
        {
            var book = BookLoader.Parse(RandomBook.Json(random, new RandomBookShape { WithSecondStable = b % 2 == 0, RiskFreeRate = b % 4 == 1 ? 0.04 : null }));
            var engine = new RiskEngine(book);
            var marks = book.Assets.Select(a => a.Price).ToArray();
            var vols = book.Instruments.Select(i => i.ImpliedVol).ToArray();
            for (int asset = 0; asset < marks.Length; asset++)
            {
                marks[asset] *= Math.Exp(0.1 * RandomBook.Gaussian(random));
                Assert.Equal(RejectCode.None, engine.SetMark(asset, marks[asset]));
            }

            foreach (var instrument in book.Instruments.Where(i => i.Kind == InstrumentKind.Option))
            {
                vols[instrument.Index] *= Math.Exp(0.2 * RandomBook.Gaussian(random));
                Assert.Equal(RejectCode.None, engine.SetImpliedVol(instrument.Index, vols[instrument.Index]));
            }

            for (int a = 0; a < book.Accounts.Count; a++)
            {
                var loaded = ReferenceState.FromBook(book, a);
                var state = new ReferenceState(marks, vols, loaded.Balances, loaded.Derivatives);
                Check(book, engine, a, state, $"book {b} account {a}", log);
                portfolios++;
            }
        }

        _output.WriteLine($"{portfolios} portfolios; largest relative errors: {log}");
    }

    [Fact]
    public void Every_account_of_the_sample_book_has_the_reference_figures()
    {
        var book = BookLoader.Load(Path.Combine(AppContext.BaseDirectory, "samples", "book.json"));
        var engine = new RiskEngine(book);
        var log = new ErrorLog();
        Assert.Equal(9, book.Accounts.Count);
        for (int a = 0; a < book.Accounts.Count; a++)
        {
            Check(book, engine, a, ReferenceState.FromBook(book, a), book.Accounts[a].Id, log);
        }

        _output.WriteLine($"largest relative errors: {log}");
    }

    [Fact]
    public void The_embedded_sample_is_the_samples_file()
    {
        var file = BookLoader.Load(Path.Combine(AppContext.BaseDirectory, "samples", "book.json"));
        var embedded = new RiskEngine(BookLoader.LoadSample());
        for (int a = 0; a < file.Accounts.Count; a++)
        {
            MarginAssert.Equal(ReferenceMargin.Compute(file, ReferenceState.FromBook(file, a)), embedded.Figures(a), file.Accounts[a].Id);
        }
    }

    private static void Check(Book book, RiskEngine engine, int account, ReferenceState state, string context, ErrorLog log)
    {
        MarginAssert.Equal(ReferenceMargin.Compute(book, state), engine.Figures(account), context, log);
        MarginAssert.Close(ReferenceMargin.StandaloneInitialMargin(book, state), engine.StandaloneInitialMargin(account), $"StandaloneIM of {context}", log);

        // Without open orders the three scenarios are the same state.
        var positions = engine.Figures(account);
        Assert.Equal(positions, engine.Figures(account, OpenOrderScenario.AllBuysFilled));
        Assert.Equal(positions, engine.Figures(account, OpenOrderScenario.AllSellsFilled));
    }
}
