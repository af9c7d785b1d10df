using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Tests.Gate;

/// <summary>A stage that fails leaves nobody waiting: every order it never delivered is answered.</summary>
[Collection(HybridMargin.Tests.Ring.RingCollection.Name)]
public class GateFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_submitter_reading_its_slot_gets_what_was_decided_when_a_stage_fails_before_delivering_it(bool replyOnRiskThread)
    {
        var book = BookLoader.LoadSample();
        var reference = new RiskEngine(book);
        using var gate = new RiskGate(book, new GateOptions { RingSize = 64, ReplyOnRiskThread = replyOnRiskThread });
        gate.Start();
        using var release = new ManualResetEventSlim();
        var failing = new FailingSink(release);

        // The stage that delivers replies blocks in this sink, then throws: the order after it is never delivered.
        var first = SampleOrders.Make(gate.Engine, 1, 0);
        var second = SampleOrders.Make(gate.Engine, 2, 1);
        Assert.True(gate.Submit(first, failing));
        Assert.True(failing.Entered.Wait(Timeout));
        Decision? readBack = null;
        var submitter = new Thread(() => readBack = gate.Submit(second)) { IsBackground = true };
        submitter.Start();

        // Its hold, at the sequence before its own (1), shows it has claimed; give it time to publish and wait.
        Assert.True(SpinWait.SpinUntil(() => gate.Holds!.Sequences.Any(h => h.Value == 0), Timeout), "the submitter never claimed its slot");
        Assert.False(submitter.Join(TimeSpan.FromMilliseconds(200)), "the submitter returned while the stage before its slot was still busy");

        release.Set();
        Assert.True(submitter.Join(Timeout), "the submitter still waits for a reply no stage will deliver");
        Assert.Equal(2, readBack!.Value.ClientOrderId);
        Assert.IsType<InvalidOperationException>(gate.Fault);
        Assert.False(gate.Stop());
        if (replyOnRiskThread)
        {
            // The one stage failed before deciding it: refused, and not applied.
            Assert.Equal(RejectCode.GateStopped, readBack.Value.Code);
        }
        else
        {
            // The risk stage decided it (and the engine applied it) before the responder failed: that decision stands.
            reference.Evaluate(first);
            Assert.Equal(reference.Evaluate(second), readBack.Value);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stopping_a_failed_gate_answers_every_order_it_never_delivered(bool replyOnRiskThread)
    {
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { RingSize = 64, ReplyOnRiskThread = replyOnRiskThread, DrainTimeout = TimeSpan.FromSeconds(30) });
        gate.Start();
        using var release = new ManualResetEventSlim();
        var failing = new FailingSink(release);
        var sink = new CountingSink();
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 1, 0), failing));
        Assert.True(failing.Entered.Wait(Timeout));
        for (int i = 1; i <= 10; i++)
        {
            Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, i + 1, i), sink));
        }

        var awaited = gate.SubmitAsync(SampleOrders.Make(gate.Engine, 100, 11));
        release.Set();
        Assert.True(SpinWait.SpinUntil(() => gate.Fault is not null, Timeout));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(gate.Stop());
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {stopping.Elapsed} after the failure (the drain timeout is 30 s)");
        Assert.Equal(10, sink.Replies);
        Assert.Equal(1, failing.Calls);
        var decision = await awaited.AsTask().WaitAsync(Timeout);
        if (replyOnRiskThread)
        {
            // The one stage failed in the first order's reply: nothing after it was decided.
            Assert.Equal(10, sink.Count(RejectCode.GateStopped));
            Assert.Equal(RejectCode.GateStopped, decision.Code);
        }
        else
        {
            // The responder failed; the risk stage had decided them all, and those decisions are what is delivered.
            Assert.Equal(0, sink.Count(RejectCode.GateStopped));
            Assert.NotEqual(RejectCode.GateStopped, decision.Code);
        }
    }

    [Fact]
    public void A_sink_that_throws_while_Stop_answers_it_does_not_stop_Stop_or_the_answers_after_it()
    {
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { RingSize = 64, ReplyOnRiskThread = true });
        gate.Start();
        using var release = new ManualResetEventSlim();
        var failing = new FailingSink(release);
        var throwing = new ThrowingSink();
        var sink = new CountingSink();
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 1, 0), failing));
        Assert.True(failing.Entered.Wait(Timeout));
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 2, 1), throwing));
        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 3, 2), sink));
        release.Set();
        Assert.True(SpinWait.SpinUntil(() => gate.Fault is not null, Timeout));

        Assert.False(gate.Stop());
        Assert.Equal(1, throwing.Calls);
        Assert.Equal(1, sink.Replies);
        Assert.Equal(1, sink.Count(RejectCode.GateStopped));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_synchronous_submit_from_inside_a_reply_sink_is_refused_instead_of_waiting_for_itself(bool replyOnRiskThread)
    {
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { ReplyOnRiskThread = replyOnRiskThread });
        var reentrant = new ReentrantSink(gate, SampleOrders.Make(gate.Engine, 2, 1));
        gate.Start();

        Assert.True(gate.Submit(SampleOrders.Make(gate.Engine, 1, 0), reentrant));
        Assert.True(reentrant.Done.Wait(Timeout), "the sink's synchronous Submit never returned");
        Assert.IsType<InvalidOperationException>(reentrant.Error);
        Assert.Null(gate.Fault);
        Assert.True(gate.Stop());
    }

    /// <summary>Submits synchronously from the stage thread that delivers to it, and keeps what that threw.</summary>
    private sealed class ReentrantSink(RiskGate gate, Order next) : IReplySink
    {
        public ManualResetEventSlim Done { get; } = new();

        public Exception? Error { get; private set; }

        public void OnReply(in GateReply reply)
        {
            try
            {
                gate.Submit(next);
            }
            catch (InvalidOperationException e)
            {
                Error = e;
            }

            Done.Set();
        }
    }

    /// <summary>Throws on every reply.</summary>
    private sealed class ThrowingSink : IReplySink
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void OnReply(in GateReply reply)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("sink failed at Stop");
        }
    }

    /// <summary>Blocks the stage that delivers to it until released, then throws: that stage fails.</summary>
    private sealed class FailingSink(ManualResetEventSlim release) : IReplySink
    {
        public ManualResetEventSlim Entered { get; } = new();

        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void OnReply(in GateReply reply)
        {
            Interlocked.Increment(ref _calls);
            Entered.Set();
            release.Wait();
            throw new InvalidOperationException("sink failed");
        }
    }
}
