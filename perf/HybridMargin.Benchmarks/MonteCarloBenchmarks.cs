using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Recalculation;
using HybridMargin.Risk;

namespace HybridMargin.Benchmarks;

/// <summary>
/// The Monte Carlo part of a full recalculation (SPEC §4.6): 1,000 accounts × 30 positions over 1,000 instruments
/// (20 underlyings, each with a perpetual, a future and 48 options) at 10,000 scenarios — scenario generation,
/// repricing of every instrument across all scenarios, and VaR/ES of every account. Plus Black-76 across the
/// scenarios, SIMD against scalar, in the same run.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MonteCarloBenchmarks
{
    private const int Assets = 20;
    private const int OptionsPerAsset = 48;
    private const int Accounts = 1_000;
    private const int PositionsPerAccount = 30;
    private const int Scenarios = 10_000;

    private Book _book = null!;
    private PortfolioHoldings[] _holdings = null!;
    private FactorCovariance _covariance = null!;
    private double[] _marks = null!;
    private double[] _vols = null!;
    private double[] _spots = null!;
    private double[] _scenarioVols = null!;
    private double[] _prices = null!;
    private BackgroundRecalculation _recalculation = null!;
    private StateCapture _capture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _book = BookLoader.Parse(BuildBook());
        _covariance = FactorCovariance.Build(_book.Assets, _book.Correlations, _book.Parameters.HorizonDays);
        _marks = _book.Assets.Select(a => a.Price).ToArray();
        _vols = _book.Instruments.Select(i => i.ImpliedVol).ToArray();
        var random = new Random(5);
        int instruments = _book.Instruments.Count;
        _holdings = new PortfolioHoldings[Accounts];
        for (int a = 0; a < Accounts; a++)
        {
            var balances = new double[_book.Assets.Count];
            balances[0] = 1_000_000;
            var positions = new Dictionary<int, double>();
            while (positions.Count < PositionsPerAccount)
            {
                positions[random.Next(instruments)] = Math.Round((random.NextDouble() - 0.5) * 20, 2);
            }

            _holdings[a] = new PortfolioHoldings(balances, positions.Select(p => (p.Key, p.Value)).ToList());
        }

        if (_book.Instruments.Count != 1_000)
        {
            throw new InvalidOperationException($"expected 1,000 instruments, built {_book.Instruments.Count}");
        }

        // The complete background computation needs a book whose accounts are the ones captured.
        var accounts = _holdings.Select((h, a) => new AccountSpec
        {
            Index = a,
            Id = $"A{a:0000}",
            Balances = h.Balances,
            Positions = h.Derivatives.Select(d => new Position(d.Instrument, d.Quantity, 1.0)).ToArray(),
        }).ToArray();
        var full = new Book(_book.AsOf, _book.Parameters, _book.Assets, _book.Correlations, _book.Instruments, accounts);
        _recalculation = new BackgroundRecalculation(full, new RecalculationOptions { EveryEvents = int.MaxValue, Scenarios = Scenarios }, _ => true);
        _capture = new StateCapture(1, 0, 0, _marks, _vols, _holdings, new double[Accounts], new double[Accounts], _book.Assets.Select(a => a.Vol).ToArray(), _book.Assets.Select(a => a.Haircut).ToArray(), null);
        _recalculation.Compute(_capture);

        _spots = new double[Scenarios];
        _scenarioVols = new double[Scenarios];
        _prices = new double[Scenarios];
        for (int s = 0; s < Scenarios; s++)
        {
            _spots[s] = 100 * (1 + ((random.NextDouble() - 0.5) * 0.2));
            _scenarioVols[s] = 0.5 + ((random.NextDouble() - 0.5) * 0.1);
        }
    }

    /// <summary>Scenarios, every instrument repriced across them, and VaR/ES for every account.</summary>
    [Benchmark]
    public double FullMonteCarlo_1000Accounts_1000Instruments_10000Scenarios()
    {
        var scenarios = ScenarioSet.Generate(_covariance, Scenarios, _book.Parameters.McSeed);
        var mc = new MonteCarloRevaluation(_book, _marks, _vols, scenarios);
        double total = 0;
        foreach (var holdings in _holdings)
        {
            total += mc.Evaluate(holdings).ExpectedShortfall;
        }

        return total;
    }

    /// <summary>
    /// The complete background computation of one snapshot: a fresh engine from the captured state (every instrument
    /// repriced, every Greek, aggregate and grid vector from scratch), the Monte Carlo of every account, add-ons and
    /// drift. Scenarios are cached across recalculations while the vols do not change, as in the gate.
    /// </summary>
    [Benchmark]
    public double FullRecalculation_1000Accounts_1000Instruments_10000Scenarios() => _recalculation.Compute(_capture).Drift;

    [GlobalCleanup]
    public void Cleanup() => _recalculation.Dispose();

    /// <summary>Black-76 across 10,000 scenarios, scalar loop (baseline).</summary>
    [Benchmark(Baseline = true)]
    public double Black76_Scalar_10000()
    {
        VectorMath.Black76CallScalar(_spots, 100, 0.25, _scenarioVols, 0.02, _prices);
        return _prices[^1];
    }

    /// <summary>Black-76 across 10,000 scenarios, SIMD.</summary>
    [Benchmark]
    public double Black76_Simd_10000()
    {
        VectorMath.Black76Call(_spots, 100, 0.25, _scenarioVols, 0.02, _prices);
        return _prices[^1];
    }

    private static string BuildBook()
    {
        var json = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        json.Append("""{ "asOf": "2026-11-24T00:00:00Z", "assets": [ { "symbol": "USDT", "price": 1.0, "vol": 0.005 }""");
        for (int a = 0; a < Assets; a++)
        {
            json.Append(inv, $$""", { "symbol": "C{{a:00}}", "price": {{100 + (a * 10)}}, "vol": {{0.5 + (a * 0.02)}}, "volOfVol": 0.04, "spotVolCorrelation": -0.3 }""");
        }

        json.Append("""], "correlations": {""");
        bool first = true;
        for (int a = 0; a < Assets; a++)
        {
            for (int b = a + 1; b < Assets; b++)
            {
                json.Append(first ? string.Empty : ",").Append(inv, $"\"C{a:00}/C{b:00}\": 0.5");
                first = false;
            }
        }

        json.Append("""}, "instruments": [""");
        first = true;
        string[] expiries = ["2026-12-25T08:00:00Z", "2027-03-26T08:00:00Z", "2027-06-25T08:00:00Z"];
        for (int a = 0; a < Assets; a++)
        {
            double price = 100 + (a * 10);
            json.Append(first ? string.Empty : ",").Append(inv, $$"""{ "symbol": "C{{a:00}}-PERP", "kind": "perpetual", "underlying": "C{{a:00}}" }""");
            first = false;
            json.Append(inv, $$""", { "symbol": "C{{a:00}}-F", "kind": "future", "underlying": "C{{a:00}}", "expiry": "2027-03-26T08:00:00Z" }""");
            for (int o = 0; o < OptionsPerAsset; o++)
            {
                string expiry = expiries[o % 3];
                double strike = Math.Round(price * (0.7 + (0.6 * (o / 2 / 3) / 7.0)), 2);
                string right = o % 2 == 0 ? "call" : "put";
                json.Append(inv, $$""", { "symbol": "C{{a:00}}-O{{o:00}}", "kind": "option", "underlying": "C{{a:00}}", "expiry": "{{expiry}}", "strike": {{strike}}, "right": "{{right}}", "iv": {{0.55 + (0.01 * (o % 5))}} }""");
            }
        }

        json.Append("], \"accounts\": [] }");
        return json.ToString();
    }
}
