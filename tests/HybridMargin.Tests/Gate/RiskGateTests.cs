using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Tests.Gate;

public class RiskGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(WaitStrategyKind.BusySpin, false)]
    [InlineData(WaitStrategyKind.Yielding, false)]
    [InlineData(WaitStrategyKind.Sleeping, false)]
    [InlineData(WaitStrategyKind.Blocking, false)]
    [InlineData(WaitStrategyKind.Yielding, true)]
    [InlineData(WaitStrategyKind.Blocking, true)]
    public void Synchronous_submit_returns_the_decision_the_engine_alone_would_give(WaitStrategyKind wait, bool replyOnRiskThread)
    {
        var book = BookLoader.LoadSample();
        var reference = new RiskEngine(book);
        using var gate = new RiskGate(book, new GateOptions { WaitStrategy = wait, RingSize = 64, ReplyOnRiskThread = replyOnRiskThread });
        gate.Start();

        for (int i = 0; i < 2_000; i++)
        {
            var order = SampleOrders.Make(reference, i + 1, i);
            Assert.Equal(reference.Evaluate(order), gate.Submit(order));
        }

        Assert.True(gate.Stop());
    }

    [Fact]
    public async Task Awaited_submissions_each_complete_once_with_their_own_decision()
    {
        var book = BookLoader.LoadSample();
        var reference = new RiskEngine(book);
        using var gate = new RiskGate(book, new GateOptions { RingSize = 64 });
        gate.Start();

        for (int i = 0; i < 5_000; i++)
        {
            var order = SampleOrders.Make(reference, i + 1, i);
            var decision = await gate.SubmitAsync(order);
            Assert.Equal(reference.Evaluate(order), decision);
        }

        Assert.True(gate.Stop());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Callbacks_deliver_exactly_one_reply_per_order_from_many_producers(bool replyOnRiskThread)
    {
        var book = BookLoader.LoadSample();
        var sink = new CountingSink();
        using var gate = new RiskGate(book, new GateOptions { RingSize = 1024, ReplyOnRiskThread = replyOnRiskThread });
        gate.Start();
        const int Producers = 4;
        const int PerProducer = 50_000;
        int saturated = 0;

        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < PerProducer; i++)
            {
                if (!gate.Submit(SampleOrders.Make(gate.Engine, ((long)p << 32) | (uint)i, i), sink))
                {
                    Interlocked.Increment(ref saturated);
                }
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            Assert.True(t.Join(Timeout));
        }

        Assert.True(sink.WaitFor(Producers * PerProducer, Timeout), $"replies {sink.Replies}");
        Assert.True(gate.Stop());
        Assert.Equal(Producers * PerProducer, sink.Replies);
        Assert.Equal(saturated, sink.Count(RejectCode.Saturated));
    }

    [Fact]
    public void Full_ring_answers_saturated_at_once_and_loses_nothing()
    {
        var book = BookLoader.LoadSample();
        using var release = new ManualResetEventSlim();
        var blocking = new BlockingSink(release);
        using var gate = new RiskGate(book, new GateOptions { RingSize = 8 });
        gate.Start();

        // The first reply blocks the responder, so the ring fills behind it.
        int queued = 0;
        int refused = 0;
        for (int i = 0; i < 64; i++)
        {
            if (gate.Submit(SampleOrders.Make(gate.Engine, i + 1, i), blocking))
            {
                queued++;
            }
            else
            {
                refused++;
            }
        }

        Assert.InRange(queued, 8, 9);
        Assert.Equal(64 - queued, refused);
        Assert.Equal(refused, blocking.Saturated);

        release.Set();
        Assert.True(SpinWait.SpinUntil(() => blocking.Replies == 64, Timeout));
        Assert.True(gate.Stop());
    }

    [Fact]
    public void Stopped_gate_answers_gate_stopped_and_decides_what_was_queued_before()
    {
        var book = BookLoader.LoadSample();
        var sink = new CountingSink();
        var gate = new RiskGate(book);
        gate.Start();
        for (int i = 0; i < 1_000; i++)
        {
            gate.Submit(SampleOrders.Make(gate.Engine, i + 1, i), sink);
        }

        Assert.True(gate.Stop());
        Assert.Equal(1_000, sink.Replies);

        Assert.False(gate.Submit(SampleOrders.Make(gate.Engine, 5_000, 1), sink));
        Assert.Equal(1, sink.Count(RejectCode.GateStopped));
        Assert.Equal(RejectCode.GateStopped, gate.Submit(SampleOrders.Make(gate.Engine, 5_001, 1)).Code);
        Assert.False(gate.Fill(0, 1, 1, 1));
    }

    [Fact]
    public void Facts_wait_for_a_slot_instead_of_being_dropped()
    {
        var book = BookLoader.LoadSample();
        var sink = new CountingSink();
        using var gate = new RiskGate(book, new GateOptions { RingSize = 8 });
        gate.Start();
        int btc = gate.Engine.FindAsset("BTC");

        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(gate.Mark(btc, 90_000 + (i % 100), sink));
        }

        Assert.True(sink.WaitFor(10_000, Timeout));
        Assert.True(gate.Stop());
        Assert.Equal(90_000 + 99, gate.Engine.Mark(btc));
    }

    private sealed class BlockingSink(ManualResetEventSlim release) : IReplySink
    {
        private int _replies;
        private int _saturated;

        public int Replies => Volatile.Read(ref _replies);

        public int Saturated => Volatile.Read(ref _saturated);

        public void OnReply(in GateReply reply)
        {
            if (reply.Decision.Code == RejectCode.Saturated)
            {
                Interlocked.Increment(ref _saturated);
            }
            else
            {
                release.Wait();
            }

            Interlocked.Increment(ref _replies);
        }
    }
}
