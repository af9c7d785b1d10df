using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Tests.Engine;

namespace HybridMargin.Tests.Gate;

public class LiquidationTests
{
    private sealed class Recorder : ILiquidationSink
    {
        private readonly List<LiquidationEvent> _events = [];

        public LiquidationEvent[] Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void OnLiquidation(in LiquidationEvent liquidation)
        {
            lock (_events)
            {
                _events.Add(liquidation);
            }
        }
    }

    [Fact]
    public void Mark_ticks_through_the_pipeline_drive_an_account_into_liquidation_and_out_again()
    {
        var book = BookLoader.Parse(GateBook.Json);
        var recorder = new Recorder();
        var sink = new CountingSink();
        using var gate = new RiskGate(book, new GateOptions { LiquidationSink = recorder });
        int btc = book.FindAsset("BTC");
        int deficit = book.FindAccount("DEFICIT");
        int free = book.FindAccount("FREE");
        // FREE holds 10M USDT; long 400 BTC perps at 90,000. Equity 10M + 400(S − 90,000), MM ≈ 400·S·0.15 (grid):
        // it enters liquidation below S ≈ 76,470 and leaves once equity ≥ IM, above S ≈ 80,745.
        var order = new Order(free, book.FindInstrument("BTC-PERP"), Side.Buy, OrderType.Limit, 400, 90_000, 1, 0);
        gate.Start();
        Assert.True(gate.Submit(order).Accepted);
        gate.Fill(free, 1, 400, 90_000, sink);

        // DEFICIT (short 20 perps) is already in liquidation at load: a rally does not emit, a crash brings it out.
        // FREE (long 400) goes in on the way down and comes out on the way back.
        double[] path = [88_000, 85_000, 80_000, 75_000, 70_000, 60_000, 55_000, 80_000, 90_000];
        foreach (double price in path)
        {
            gate.Mark(btc, price, sink);
        }

        Assert.True(sink.WaitFor(1 + path.Length, TimeSpan.FromSeconds(30)));
        Assert.True(gate.Stop());

        var events = recorder.Events;
        var freeEvents = events.Where(e => e.Account == free).ToArray();
        Assert.True(freeEvents.Length >= 2, string.Join("; ", events));
        Assert.True(freeEvents[0].Entered);
        Assert.True(freeEvents[0].Equity < freeEvents[0].MaintenanceMargin);
        Assert.False(freeEvents[^1].Entered);
        Assert.True(freeEvents[^1].Equity >= freeEvents[^1].InitialMargin);
        Assert.Equal("FREE", freeEvents[0].AccountId);

        var deficitEvents = events.Where(e => e.Account == deficit).ToArray();
        Assert.NotEmpty(deficitEvents);
        Assert.False(deficitEvents[0].Entered);
        Assert.False(gate.Engine.IsInLiquidation(free));
    }
}
