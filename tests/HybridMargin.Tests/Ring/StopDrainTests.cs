using System.Runtime.CompilerServices;
using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>"Stop drains": the owner waits until the last stage reached the cursor, then halts the stages in order.</summary>
[Collection(RingCollection.Name)]
public sealed class StopDrainTests
{
    private const int RingSize = 1024;
    private const int Producers = 2;
    private const int EventsPerProducer = 10_000;

    public static TheoryData<string> Strategies => new() { "BusySpin", "Yielding", "Sleeping", "Blocking" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Stop_drains_everything_published_then_halts_every_stage(string strategy)
    {
        switch (strategy)
        {
            case "BusySpin": DrainAndHalt(new BusySpinWaitStrategy()); break;
            case "Yielding": DrainAndHalt(new YieldingWaitStrategy()); break;
            case "Sleeping": DrainAndHalt(new SleepingWaitStrategy()); break;
            case "Blocking": DrainAndHalt(new BlockingWaitStrategy()); break;
            default: throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown wait strategy");
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Halt_returns_for_idle_stages_that_never_received_an_event(string strategy)
    {
        switch (strategy)
        {
            case "BusySpin": HaltIdle(new BusySpinWaitStrategy()); break;
            case "Yielding": HaltIdle(new YieldingWaitStrategy()); break;
            case "Sleeping": HaltIdle(new SleepingWaitStrategy()); break;
            case "Blocking": HaltIdle(new BlockingWaitStrategy()); break;
            default: throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown wait strategy");
        }
    }

    /// <summary>
    /// <see cref="BatchEventProcessor{T, THandler, TWait}.Halt"/> promises to stop the loop "after the batch in
    /// progress". Here every batch ends with the next event already published (the handler feeds the ring
    /// itself, the deterministic form of a producer that keeps a stage busy), so a stage that only looks at its
    /// alert when it has to wait never sees it and Halt never returns.
    /// Fails against the current src: neither SequenceBarrier.WaitFor nor BatchEventProcessor.Run checks the
    /// alert; only the wait strategies' wait loops do (the LMAX barrier checks it first thing in WaitFor).
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void Halt_stops_a_stage_even_while_events_keep_arriving(string strategy)
    {
        switch (strategy)
        {
            case "BusySpin": HaltUnderLoad(new BusySpinWaitStrategy()); break;
            case "Yielding": HaltUnderLoad(new YieldingWaitStrategy()); break;
            case "Sleeping": HaltUnderLoad(new SleepingWaitStrategy()); break;
            case "Blocking": HaltUnderLoad(new BlockingWaitStrategy()); break;
            default: throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown wait strategy");
        }
    }

    /// <summary>
    /// A producer claimed sequence 0 and never published it (it threw, or is stuck, between claim and publish).
    /// The multi-producer cursor already says 0, so no wait strategy waits: the barrier reports "nothing
    /// consumable yet" at once, the stage asks again, forever, and never looks at its alert.
    /// Fails against the current src (same root cause as the test above). The stage also burns a full core
    /// meanwhile, whatever its wait strategy: nothing in that loop sleeps, yields or blocks.
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void Halt_stops_a_stage_waiting_behind_a_claim_that_is_never_published(string strategy)
    {
        switch (strategy)
        {
            case "BusySpin": HaltBehindUnpublishedClaim(new BusySpinWaitStrategy()); break;
            case "Yielding": HaltBehindUnpublishedClaim(new YieldingWaitStrategy()); break;
            case "Sleeping": HaltBehindUnpublishedClaim(new SleepingWaitStrategy()); break;
            case "Blocking": HaltBehindUnpublishedClaim(new BlockingWaitStrategy()); break;
            default: throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown wait strategy");
        }
    }

    /// <summary>
    /// .NET's convention for a TimeSpan timeout is that <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// Fails against the current src: the deadline is computed as now + (−1 ms), so the wait gives up at once.
    /// </summary>
    [Fact]
    public void WaitUntilProcessed_with_an_infinite_timeout_waits_for_the_stage()
    {
        var wait = new YieldingWaitStrategy();
        var sequencer = new SingleProducerSequencer<YieldingWaitStrategy>(8, wait);
        var ring = new RingBuffer<long>(8);
        var stage = new BatchEventProcessor<long, SlowStage, YieldingWaitStrategy>(ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait), default);
        sequencer.SetGatingSequences(stage.Sequence);
        sequencer.Publish(sequencer.Next());
        var thread = stage.Start("ring-slow-stage");

        bool processed = false;
        var started = Environment.TickCount64;
        Bounded.RunOnThread("WaitUntilProcessed(0, Timeout.InfiniteTimeSpan)", Bounded.Long, () => processed = stage.WaitUntilProcessed(0, Timeout.InfiniteTimeSpan));
        long waitedMs = Environment.TickCount64 - started;
        Bounded.HaltWithin(stage, thread, "slow stage");

        Assert.True(processed, $"WaitUntilProcessed(0, Timeout.InfiniteTimeSpan) returned false after {waitedMs} ms while the stage was still handling the event (it took {SlowStage.HandleMilliseconds} ms): the infinite timeout (-1 ms) is taken as a deadline in the past");
    }

    private static void DrainAndHalt<TWait>(TWait wait)
        where TWait : struct, IWaitStrategy
    {
        var sequencer = new MultiProducerSequencer<TWait>(RingSize, wait);
        var ring = new RingBuffer<long>(RingSize);
        var first = new BatchEventProcessor<long, SequenceCounter, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait), default);
        var last = new BatchEventProcessor<long, SequenceCounter, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait, first.Sequence), default);
        sequencer.SetGatingSequences(last.Sequence);
        var firstThread = first.Start("ring-drain-first");
        var lastThread = last.Start("ring-drain-last");

        var producers = new Thread[Producers];
        for (int p = 0; p < Producers; p++)
        {
            producers[p] = Bounded.StartThread($"ring-drain-producer-{p}", () =>
            {
                for (int i = 0; i < EventsPerProducer; i++)
                {
                    long sequence = sequencer.Next();
                    ring[sequence] = sequence;
                    sequencer.Publish(sequence);
                }
            });
        }

        long cursor;
        bool finished = false;
        try
        {
            foreach (var producer in producers)
            {
                Assert.True(producer.Join(Bounded.Long), $"a producer did not finish within {Bounded.Long.TotalSeconds} s (cursor {sequencer.Cursor.Value}, stages {first.Sequence.Value}/{last.Sequence.Value})");
            }

            // The owner's stop: drain up to the cursor, then halt in pipeline order.
            cursor = sequencer.Cursor.Value;
            Assert.True(last.WaitUntilProcessed(cursor, Bounded.Long), $"the last stage did not drain to {cursor} (at {last.Sequence.Value})");

            // Nothing more will be published: give blocking consumers time to park before the halt has to wake them.
            Thread.Sleep(50);
            Bounded.HaltWithin(first, firstThread, "first stage");
            Bounded.HaltWithin(last, lastThread, "last stage");
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                sequencer.SetGatingSequences(new Sequence(long.MaxValue / 2));
                first.Barrier.Halt();
                last.Barrier.Halt();
            }
        }

        long total = (long)Producers * EventsPerProducer;
        Assert.Equal(total - 1, cursor);
        Assert.Null(first.Fault);
        Assert.Null(last.Fault);
        first.Handler.Errors.AssertNone("first stage");
        last.Handler.Errors.AssertNone("last stage");
        Assert.Equal(total, first.Handler.Count);
        Assert.Equal(total, last.Handler.Count);
        Assert.Equal(total - 1, last.Sequence.Value);
    }

    private static void HaltIdle<TWait>(TWait wait)
        where TWait : struct, IWaitStrategy
    {
        var sequencer = new MultiProducerSequencer<TWait>(RingSize, wait);
        var ring = new RingBuffer<long>(RingSize);
        var first = new BatchEventProcessor<long, SequenceCounter, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait), default);
        var last = new BatchEventProcessor<long, SequenceCounter, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait, first.Sequence), default);
        sequencer.SetGatingSequences(last.Sequence);
        var firstThread = first.Start("ring-idle-first");
        var lastThread = last.Start("ring-idle-last");
        Thread.Sleep(50);

        Bounded.HaltWithin(first, firstThread, "idle first stage");
        Bounded.HaltWithin(last, lastThread, "idle last stage");
        Assert.Equal(0, first.Handler.Count);
        Assert.Equal(Sequence.Initial, last.Sequence.Value);
        Assert.Null(first.Fault);
        Assert.Null(last.Fault);
    }

    private static void HaltUnderLoad<TWait>(TWait wait)
        where TWait : struct, IWaitStrategy
    {
        var sequencer = new SingleProducerSequencer<TWait>(8, wait);
        var ring = new RingBuffer<long>(8);
        var keepFeeding = new StrongBox<bool>(true);
        var stage = new BatchEventProcessor<long, SelfFeedingStage, TWait>(
            ring, new SequenceBarrier<TWait>(sequencer, wait), new SelfFeedingStage(sequencer, ring, keepFeeding));
        sequencer.SetGatingSequences(stage.Sequence);

        // The first event comes from here; from then on the stage's own thread is the only producer.
        sequencer.Publish(sequencer.Next());
        var thread = stage.Start("ring-self-feeding");
        try
        {
            Assert.True(stage.WaitUntilProcessed(10_000, Bounded.Long), $"the self-feeding stage did not get going (at {stage.Sequence.Value}, fault: {stage.Fault})");

            var halting = Bounded.StartThread("ring-halt-under-load", stage.Halt);
            bool haltedUnderLoad = halting.Join(TimeSpan.FromSeconds(2));
            long reached = stage.Sequence.Value;

            // Let the stream dry up, so the stage stops whether or not the halt worked.
            Volatile.Write(ref keepFeeding.Value, false);
            Assert.True(halting.Join(Bounded.Halt), "Halt did not return even after the events stopped coming");

            Assert.True(
                haltedUnderLoad,
                $"Halt did not return within 2 s while events kept arriving (the stage went on to sequence {reached}): " +
                "BatchEventProcessor.Run only sees the alert when its wait strategy has to wait, never while the next event is already available");
        }
        finally
        {
            Volatile.Write(ref keepFeeding.Value, false);
            stage.Barrier.Halt();
            thread.Join(Bounded.Halt);
        }
    }

    private static void HaltBehindUnpublishedClaim<TWait>(TWait wait)
        where TWait : struct, IWaitStrategy
    {
        var sequencer = new MultiProducerSequencer<TWait>(8, wait);
        var ring = new RingBuffer<long>(8);
        var stage = new BatchEventProcessor<long, SequenceCounter, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait), default);
        sequencer.SetGatingSequences(stage.Sequence);
        long claimed = sequencer.Next();
        var thread = stage.Start("ring-behind-unpublished");
        bool published = false;
        try
        {
            Thread.Sleep(50); // let the stage reach its wait
            var halting = Bounded.StartThread("ring-halt-behind-unpublished", stage.Halt);
            bool halted = halting.Join(TimeSpan.FromSeconds(2));

            // Publish the claim so the stage can move on and stop whether or not the halt worked.
            ring[claimed] = claimed;
            sequencer.Publish(claimed);
            published = true;
            Assert.True(halting.Join(Bounded.Halt), "Halt did not return even after the claim was published");

            Assert.True(
                halted,
                "Halt did not return within 2 s while the stage waited for a claimed but unpublished sequence: the cursor is past it, " +
                "so the wait strategy returns at once, SequenceBarrier.WaitFor reports a gap, and BatchEventProcessor.Run retries without checking the alert");

            // Halted before the claim was published: the stage never consumed it.
            Assert.Equal(Sequence.Initial, stage.Sequence.Value);
        }
        finally
        {
            if (!published)
            {
                sequencer.Publish(claimed);
            }

            stage.Barrier.Halt();
            thread.Join(Bounded.Halt);
        }
    }

    /// <summary>Counts events and checks they arrive in sequence order carrying their own sequence number.</summary>
    private struct SequenceCounter : IEventHandler<long>
    {
        private long _count;
        private ErrorLog _errors;

        public readonly long Count => _count;

        public readonly ErrorLog Errors => _errors;

        public void OnEvent(ref long data, long sequence, bool endOfBatch)
        {
            if (sequence != _count)
            {
                _errors.Add($"got sequence {sequence}, expected {_count}");
            }

            if (data != sequence)
            {
                _errors.Add($"sequence {sequence} carries {data}");
            }

            _count++;
        }
    }

    /// <summary>Publishes the next event while handling the current one, as long as it is told to.</summary>
    private readonly struct SelfFeedingStage : IEventHandler<long>
    {
        private readonly Sequencer _sequencer;
        private readonly RingBuffer<long> _ring;
        private readonly StrongBox<bool> _keepFeeding;

        public SelfFeedingStage(Sequencer sequencer, RingBuffer<long> ring, StrongBox<bool> keepFeeding)
        {
            _sequencer = sequencer;
            _ring = ring;
            _keepFeeding = keepFeeding;
        }

        public void OnEvent(ref long data, long sequence, bool endOfBatch)
        {
            if (Volatile.Read(ref _keepFeeding.Value))
            {
                long next = _sequencer.Next();
                _ring[next] = next;
                _sequencer.Publish(next);
            }
        }
    }

    /// <summary>Takes a while over each event.</summary>
    private readonly struct SlowStage : IEventHandler<long>
    {
        public const int HandleMilliseconds = 300;

        public void OnEvent(ref long data, long sequence, bool endOfBatch) => Thread.Sleep(HandleMilliseconds);
    }
}
