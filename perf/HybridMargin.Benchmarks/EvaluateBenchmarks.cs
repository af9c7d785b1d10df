using BenchmarkDotNet.Attributes;
using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Benchmarks;

/// <summary>
/// The pre-trade check (SPEC §5) on a typical account (30 positions on 3 underlyings, 4-asset book) and on a
/// dense one (exposure to all 64 coins of a 65-asset book, 130 risk factors). Every order passes checks 1–7
/// and reaches the margin check (8); <see cref="Setup"/> throws if one does not, so an early reject can never
/// be measured by mistake. <c>WhatIf</c> reserves nothing, so the state does not grow between invocations;
/// the Evaluate+Cancel pair reserves and releases the same order.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EvaluateBenchmarks
{
    private const long Start = 1_790_000_000_000_000_000;

    private RiskEngine _typical = null!;
    private RiskEngine _dense = null!;
    private int _typicalAccount;
    private int _denseAccount;
    private Order _typicalPerp;
    private Order _typicalOption;
    private Order _typicalReject;
    private Order _densePerp;
    private Order _denseOption;
    private Order _denseReject;
    private long _clock = Start + 1_000_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _typical = new RiskEngine(BookLoader.Parse(BenchmarkBooks.Typical()));
        _typicalAccount = Find(_typical.FindAccount("TYPICAL"), "TYPICAL");
        string btcCall = BenchmarkBooks.OptionSymbol("BTC", "2027-03-26", 90_000, "C");
        string btcWingCall = BenchmarkBooks.OptionSymbol("BTC", "2027-03-26", 99_000, "C");
        string ethCall = BenchmarkBooks.OptionSymbol("ETH", "2026-12-25", 3_000, "C");

        // Two resting orders, so that both open-order sides of check 8 are non-trivial.
        Expect(_typical.Evaluate(Limit(_typical, _typicalAccount, "BTC-PERP", Side.Buy, 1, 0.99, 1)), RejectCode.None, "typical resting buy");
        Expect(_typical.Evaluate(Limit(_typical, _typicalAccount, ethCall, Side.Sell, 5, 1.01, 2)), RejectCode.None, "typical resting sell");

        _typicalPerp = Limit(_typical, _typicalAccount, "BTC-PERP", Side.Buy, 2, 1.0, 100);
        _typicalOption = Limit(_typical, _typicalAccount, btcCall, Side.Buy, 2, 1.01, 101);
        _typicalReject = Limit(_typical, _typicalAccount, btcWingCall, Side.Sell, 3_000, 1.0, 102);
        Expect(_typical.WhatIf(_typicalPerp), RejectCode.None, "typical perp");
        Expect(_typical.WhatIf(_typicalOption), RejectCode.None, "typical option");
        Expect(_typical.WhatIf(_typicalReject), RejectCode.InsufficientMargin, "typical margin reject");

        _dense = new RiskEngine(BookLoader.Parse(BenchmarkBooks.Dense()));
        _denseAccount = Find(_dense.FindAccount("DENSE"), "DENSE");
        Expect(_dense.Evaluate(Limit(_dense, _denseAccount, "A03-PERP", Side.Buy, 10, 0.99, 1)), RejectCode.None, "dense resting buy");
        Expect(_dense.Evaluate(Limit(_dense, _denseAccount, "A05-C", Side.Sell, 10, 1.01, 2)), RejectCode.None, "dense resting sell");

        _densePerp = Limit(_dense, _denseAccount, "A07-PERP", Side.Buy, 100, 1.0, 100);
        _denseOption = Limit(_dense, _denseAccount, "A07-C", Side.Buy, 100, 1.01, 101);
        _denseReject = Limit(_dense, _denseAccount, "A07-PERP", Side.Buy, 1_000_000, 1.0, 102);
        Expect(_dense.WhatIf(_densePerp), RejectCode.None, "dense perp");
        Expect(_dense.WhatIf(_denseOption), RejectCode.None, "dense option");
        Expect(_dense.WhatIf(_denseReject), RejectCode.InsufficientMargin, "dense margin reject");

        // The Evaluate+Cancel pair must accept and release.
        Expect(EvaluateCancel(_typical, _typicalOption), RejectCode.None, "typical evaluate+cancel");
        Expect(EvaluateCancel(_dense, _denseOption), RejectCode.None, "dense evaluate+cancel");

        Describe("typical", _typical, _typicalAccount, _typicalOption, _typicalReject);
        Describe("dense", _dense, _denseAccount, _denseOption, _denseReject);
    }

    [Benchmark]
    public double Typical_WhatIf_Perp_Accepted() => _typical.WhatIf(_typicalPerp).PostTrade.InitialMargin;

    [Benchmark]
    public double Typical_WhatIf_Option_Accepted() => _typical.WhatIf(_typicalOption).PostTrade.InitialMargin;

    [Benchmark]
    public double Typical_WhatIf_MarginRejected() => _typical.WhatIf(_typicalReject).PostTrade.InitialMargin;

    [Benchmark]
    public RejectCode Typical_Evaluate_Cancel_Option() => EvaluateCancel(_typical, _typicalOption);

    [Benchmark]
    public double Dense_WhatIf_Perp_Accepted() => _dense.WhatIf(_densePerp).PostTrade.InitialMargin;

    [Benchmark]
    public double Dense_WhatIf_Option_Accepted() => _dense.WhatIf(_denseOption).PostTrade.InitialMargin;

    [Benchmark]
    public double Dense_WhatIf_MarginRejected() => _dense.WhatIf(_denseReject).PostTrade.InitialMargin;

    [Benchmark]
    public RejectCode Dense_Evaluate_Cancel_Option() => EvaluateCancel(_dense, _denseOption);

    /// <summary>Reserves the order and cancels it; the event clock advances 2 ms so the 1,000/s throttle never trips.</summary>
    private RejectCode EvaluateCancel(RiskEngine engine, Order order)
    {
        _clock += 2_000_000;
        var decision = engine.Evaluate(order with { TimestampNanos = _clock });
        var cancel = engine.Cancel(order.Account, order.ClientOrderId);
        return decision.Code != RejectCode.None ? decision.Code : cancel;
    }

    private static Order Limit(RiskEngine engine, int account, string symbol, Side side, double quantity, double priceFactor, long clientOrderId)
    {
        int instrument = Find(engine.FindInstrument(symbol), symbol);
        double price = Math.Round(engine.InstrumentMark(instrument) * priceFactor, 2);
        return new Order(account, instrument, side, OrderType.Limit, quantity, price, clientOrderId, Start);
    }

    private static int Find(int index, string name) =>
        index >= 0 ? index : throw new InvalidOperationException($"benchmark book has no '{name}'");

    private static void Expect(Decision decision, RejectCode expected, string what)
    {
        if (decision.Code != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {decision.Text} — the benchmark would not measure the margin check");
        }

        if (!(decision.PostTrade.InitialMargin > 0))
        {
            throw new InvalidOperationException($"{what}: no post-trade figures — the order did not reach check 8");
        }
    }

    private static void Expect(RejectCode code, RejectCode expected, string what)
    {
        if (code != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {code}");
        }
    }

    private static void Describe(string name, RiskEngine engine, int account, Order accepted, Order rejected)
    {
        var now = engine.Figures(account);
        var ok = engine.WhatIf(accepted);
        var no = engine.WhatIf(rejected);
        Console.WriteLine(FormattableString.Invariant(
            $"// {name}: equity {now.Equity:F0}, VaR {now.VarParametric:F0}, grid {now.GridLoss:F0}, IM {now.InitialMargin:F0}; accepted order → {ok.Text}; rejected order → {no.Text} (dominant-underlying branch: {(no.PostTrade.GridLoss >= no.PostTrade.VarParametric ? "grid" : "VaR, Σ·e")})"));
    }
}
