using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Benchmarks;

/// <summary>
/// An engine on one of the <see cref="BenchmarkBooks"/> with two resting orders (one buy, one sell, so both
/// open-order sides of check 8 are non-trivial) and the orders the benchmarks send. Every order is checked
/// here to reach the margin check (8) with the expected outcome; a benchmark cannot silently measure an early reject.
/// </summary>
internal sealed class EngineFixture
{
    public const long Start = 1_790_000_000_000_000_000;

    private EngineFixture(RiskEngine engine, int account)
    {
        Engine = engine;
        Account = account;
    }

    public RiskEngine Engine { get; }

    public int Account { get; }

    /// <summary>A perpetual buy that is accepted (1 exposure entry, no quote-balance change).</summary>
    public Order Perp { get; private init; }

    /// <summary>An option buy that is accepted (delta, vega and the premium's quote balance: 3 entries, 2 grid vectors).</summary>
    public Order Option { get; private init; }

    /// <summary>An order rejected with InsufficientMargin (the slow path that names the dominant underlying).</summary>
    public Order MarginReject { get; private init; }

    /// <summary>30 positions on BTC, ETH, SOL (4-asset book).</summary>
    public static EngineFixture Typical(RiskEngineOptions? options = null)
    {
        var engine = new RiskEngine(BookLoader.Parse(BenchmarkBooks.Typical()), options);
        int account = Find(engine.FindAccount("TYPICAL"), "TYPICAL");
        Expect(engine.Evaluate(Limit(engine, account, "BTC-PERP", Side.Buy, 1, 0.99, 1)), RejectCode.None, "typical resting buy");
        Expect(engine.Evaluate(Limit(engine, account, BenchmarkBooks.OptionSymbol("ETH", "2026-12-25", 3_000, "C"), Side.Sell, 5, 1.01, 2)), RejectCode.None, "typical resting sell");
        var fixture = new EngineFixture(engine, account)
        {
            Perp = Limit(engine, account, "BTC-PERP", Side.Buy, 2, 1.0, 100),
            Option = Limit(engine, account, BenchmarkBooks.OptionSymbol("BTC", "2027-03-26", 90_000, "C"), Side.Buy, 0.25, 1.01, 101),
            MarginReject = Limit(engine, account, BenchmarkBooks.OptionSymbol("BTC", "2027-03-26", 99_000, "C"), Side.Sell, 3_000, 1.0, 102),
        };
        fixture.Validate("typical");
        return fixture;
    }

    /// <summary>128 positions with delta and vega on all 64 coins of the 65-asset book (130 risk factors).</summary>
    public static EngineFixture Dense(RiskEngineOptions? options = null)
    {
        var engine = new RiskEngine(BookLoader.Parse(BenchmarkBooks.Dense()), options);
        int account = Find(engine.FindAccount("DENSE"), "DENSE");
        Expect(engine.Evaluate(Limit(engine, account, "A03-PERP", Side.Buy, 10, 0.99, 1)), RejectCode.None, "dense resting buy");
        Expect(engine.Evaluate(Limit(engine, account, "A05-C", Side.Sell, 10, 1.01, 2)), RejectCode.None, "dense resting sell");
        var fixture = new EngineFixture(engine, account)
        {
            Perp = Limit(engine, account, "A07-PERP", Side.Buy, 100, 1.0, 100),
            Option = Limit(engine, account, "A07-C", Side.Buy, 10, 1.01, 101),
            MarginReject = Limit(engine, account, "A07-PERP", Side.Buy, 1_000_000, 1.0, 102),
        };
        fixture.Validate("dense");
        return fixture;
    }

    /// <summary>Throws unless <paramref name="decision"/> has the expected code and carries post-trade figures (it reached check 8).</summary>
    public static void Expect(Decision decision, RejectCode expected, string what)
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

    public static void Expect(RejectCode code, RejectCode expected, string what)
    {
        if (code != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {code}");
        }
    }

    private void Validate(string name)
    {
        Expect(Engine.WhatIf(Perp), RejectCode.None, $"{name} perp");
        Expect(Engine.WhatIf(Option), RejectCode.None, $"{name} option");
        var reject = Engine.WhatIf(MarginReject);
        Expect(reject, RejectCode.InsufficientMargin, $"{name} margin reject");

        var now = Engine.Figures(Account);
        Console.WriteLine(FormattableString.Invariant(
            $"// {name}: equity {now.Equity:F0}, VaR {now.VarParametric:F0}, grid {now.GridLoss:F0}, IM {now.InitialMargin:F0}; option order → {Engine.WhatIf(Option).Text}; reject order → {reject.Text} (dominant-underlying branch: {(reject.PostTrade.GridLoss >= reject.PostTrade.VarParametric ? "grid" : "VaR, Σ·e")})"));
    }

    private static Order Limit(RiskEngine engine, int account, string symbol, Side side, double quantity, double priceFactor, long clientOrderId)
    {
        int instrument = Find(engine.FindInstrument(symbol), symbol);
        double price = Math.Round(engine.InstrumentMark(instrument) * priceFactor, 2);
        return new Order(account, instrument, side, OrderType.Limit, quantity, price, clientOrderId, Start);
    }

    private static int Find(int index, string name) =>
        index >= 0 ? index : throw new InvalidOperationException($"benchmark book has no '{name}'");
}
