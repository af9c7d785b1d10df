using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Tests.Engine;

public class MarketDataTests
{
    private static void Close(double expected, double actual)
    {
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Many_ticks_leave_the_same_figures_as_one_jump_to_the_final_marks()
    {
        var book = BookLoader.LoadSample();
        var ticked = new RiskEngine(book);
        var jumped = new RiskEngine(book);
        var random = new Random(7);
        int btc = book.FindAsset("BTC");
        int eth = book.FindAsset("ETH");
        int[] options = book.Instruments.Where(i => i.Kind == InstrumentKind.Option).Select(i => i.Index).ToArray();
        double[] marks = [ticked.Mark(btc), ticked.Mark(eth)];
        var vols = options.ToDictionary(i => i, ticked.ImpliedVol);

        for (int t = 0; t < 2_000; t++)
        {
            int k = random.Next(3);
            if (k < 2)
            {
                marks[k] *= Math.Exp(0.01 * ((random.NextDouble() * 2) - 1));
                ticked.SetMark(k == 0 ? btc : eth, marks[k]);
            }
            else
            {
                int option = options[random.Next(options.Length)];
                vols[option] = Math.Clamp(vols[option] + ((random.NextDouble() - 0.5) * 0.02), 0.2, 1.5);
                ticked.SetImpliedVol(option, vols[option]);
            }
        }

        jumped.SetMark(btc, marks[0]);
        jumped.SetMark(eth, marks[1]);
        foreach (var (option, vol) in vols)
        {
            jumped.SetImpliedVol(option, vol);
        }

        for (int a = 0; a < book.Accounts.Count; a++)
        {
            var expected = jumped.Figures(a);
            var actual = ticked.Figures(a);
            Close(expected.Equity, actual.Equity);
            Close(expected.VarParametric, actual.VarParametric);
            Close(expected.EsParametric, actual.EsParametric);
            Close(expected.GridLoss, actual.GridLoss);
            Close(expected.InitialMargin, actual.InitialMargin);
        }
    }
}
