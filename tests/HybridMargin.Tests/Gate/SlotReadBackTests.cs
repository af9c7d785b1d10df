using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Ring;

namespace HybridMargin.Tests.Gate;

/// <summary>Synchronous submitters that read their decision back from their own slot (<see cref="GateOptions.SlotHolds"/>).</summary>
[Collection(HybridMargin.Tests.Ring.RingCollection.Name)]
public class SlotReadBackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_held_slot_is_not_claimed_again_a_lap_later_even_when_every_stage_is_done_with_it(bool replyOnRiskThread)
    {
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { RingSize = 8, ReplyOnRiskThread = replyOnRiskThread });
        gate.Start();
        var sink = new CountingSink();

        // As a synchronous submitter does once it has claimed sequence 0 — and then it does not read its reply back.
        int hold = gate.Holds!.TryTake(Sequence.Initial);
        Assert.True(hold >= 0);
        for (int i = 0; i < 8; i++)
        {
            Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, i + 1, i), sink), $"order {i} was refused with 8 free slots");
        }

        Assert.True(sink.WaitFor(8, Timeout));
        Assert.True(SpinWait.SpinUntil(() => gate.Delivered == 7, Timeout), $"delivered up to {gate.Delivered}");

        // Every stage has finished with slot 0; only the hold keeps sequence 8 out of it.
        Assert.False(gate.Submit(SampleOrders.Make(gate.Engine, 9, 8), sink));
        Assert.Equal(1, sink.Count(RejectCode.Saturated));

        gate.Holds.Release(hold);
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 10, 9), sink), "the released hold still gated the ring");
        Assert.True(sink.WaitFor(10, Timeout));
        Assert.True(gate.Stop());
    }

    [Theory]
    [InlineData(WaitStrategyKind.Yielding, false)]
    [InlineData(WaitStrategyKind.Yielding, true)]
    [InlineData(WaitStrategyKind.Blocking, true)]
    public void Synchronous_submitters_each_read_back_their_own_decision_on_a_small_ring_that_keeps_wrapping(WaitStrategyKind wait, bool replyOnRiskThread)
    {
        // 8 slots lapped all the time by a mark feed; 4 submitters share 2 holds, so some wait through a DecisionSource.
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { RingSize = 8, SlotHolds = 2, WaitStrategy = wait, ReplyOnRiskThread = replyOnRiskThread });
        gate.Start();
        int btc = gate.Engine.FindAsset("BTC");
        double btcMark = gate.Engine.Mark(btc);
        const int Submitters = 4;
        const int PerSubmitter = 5_000;
        long decided = 0;
        string? mismatch = null;
        using var stopFeed = new CancellationTokenSource();

        var feed = new Thread(() =>
        {
            int i = 0;
            while (!stopFeed.IsCancellationRequested)
            {
                gate.Mark(btc, btcMark + (i++ % 3));
            }
        }) { IsBackground = true };
        var submitters = Enumerable.Range(0, Submitters).Select(p => new Thread(() =>
        {
            for (int i = 0; i < PerSubmitter; i++)
            {
                long id = ((long)(p + 1) << 32) | (uint)i;
                Decision decision;
                do
                {
                    // A full ring answers Saturated at once; the client tries again, as a gateway would.
                    decision = gate.Submit(SampleOrders.Make(gate.Engine, id, i));
                }
                while (decision.Code == RejectCode.Saturated);

                if (decision.ClientOrderId != id || decision.Code == RejectCode.GateStopped)
                {
                    Interlocked.CompareExchange(ref mismatch, $"submitter {p} order {id} read back {decision}", null);
                }

                Interlocked.Increment(ref decided);
            }
        }) { IsBackground = true }).ToArray();

        feed.Start();
        foreach (var t in submitters)
        {
            t.Start();
        }

        foreach (var t in submitters)
        {
            Assert.True(t.Join(Timeout), "a synchronous submitter never got its decision");
        }

        stopFeed.Cancel();
        Assert.True(feed.Join(Timeout));
        Assert.True(gate.Stop());
        Assert.Null(mismatch);
        Assert.Equal(Submitters * PerSubmitter, decided);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Slot_holds_must_be_zero_or_a_power_of_two(int slotHolds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RiskGate(BookLoader.LoadSample(), new GateOptions { SlotHolds = slotHolds }));
        Assert.Contains("SlotHolds", e.Message, StringComparison.Ordinal);
    }
}
