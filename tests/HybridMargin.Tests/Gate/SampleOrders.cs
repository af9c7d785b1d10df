using HybridMargin.Engine;

namespace HybridMargin.Tests.Gate;

/// <summary>Orders over the sample book's accounts and instruments, near the marks, for the gate tests.</summary>
internal static class SampleOrders
{
    /// <summary>Order <paramref name="i"/> of a deterministic mix (account, instrument, side, size and price all vary with it), with client id <paramref name="id"/>.</summary>
    public static Order Make(RiskEngine engine, long id, int i)
    {
        int account = i % engine.AccountCount;
        int instrument = (i * 7) % engine.Book.Instruments.Count;
        double mark = engine.InstrumentMark(instrument);
        return new Order(account, instrument, (i & 1) == 0 ? Side.Buy : Side.Sell, OrderType.Limit, 0.5 + (i % 3), mark * (1 + (((i % 5) - 2) * 0.01)), id, i * 1_000_000L);
    }
}
