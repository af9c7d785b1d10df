using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

[Collection(RingCollection.Name)]
public sealed class HandlerFaultTests
{
    private const int RingSize = 16;
    private const int Published = 10;

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public void Throwing_handler_sets_Fault_and_leaves_Sequence_before_the_failing_event(long failing)
    {
        var wait = new YieldingWaitStrategy();
        var sequencer = new SingleProducerSequencer<YieldingWaitStrategy>(RingSize, wait);
        var ring = new RingBuffer<long>(RingSize);
        var stage = new BatchEventProcessor<long, ThrowingStage, YieldingWaitStrategy>(
            ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait), new ThrowingStage(failing));
        var downstream = new BatchEventProcessor<long, CountingStage, YieldingWaitStrategy>(
            ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait, stage.Sequence), default);
        sequencer.SetGatingSequences(downstream.Sequence);

        // All ten are published before the stage starts, so they form one batch and the failure is mid-batch.
        for (int i = 0; i < Published; i++)
        {
            long sequence = sequencer.Next();
            ring[sequence] = sequence;
            sequencer.Publish(sequence);
        }

        var stageThread = stage.Start("ring-throwing-stage");
        var downstreamThread = downstream.Start("ring-downstream-stage");
        try
        {
            long started = Environment.TickCount64;
            Assert.False(stage.WaitUntilProcessed(Published - 1, Bounded.Long), "the stage processed past the event its handler threw on");
            Assert.True(Environment.TickCount64 - started < Bounded.Long.TotalMilliseconds / 2, "WaitUntilProcessed did not return early on the fault");

            var fault = Assert.IsType<InvalidOperationException>(stage.Fault);
            Assert.Equal(ThrowingStage.Message(failing), fault.Message);
            Assert.Equal(failing - 1, stage.Sequence.Value);
            Assert.True(stageThread.Join(Bounded.Halt), "the faulted stage's thread did not end");
            Bounded.HaltWithin(stage, stageThread, "faulted stage");
            Assert.Equal(failing + 1, stage.Handler.Calls); // 0 .. failing, and nothing after it
            Assert.Equal(failing - 1, stage.Sequence.Value);

            // The next stage gets everything before the failure and nothing from it on.
            if (failing > 0)
            {
                Assert.True(downstream.WaitUntilProcessed(failing - 1, Bounded.Long), $"the downstream stage did not get the events before {failing}");
            }

            Thread.Sleep(100);
            Assert.Equal(failing - 1, downstream.Sequence.Value);
            Assert.Equal(failing, downstream.Handler.Count);
            Bounded.HaltWithin(downstream, downstreamThread, "downstream stage");
            Assert.Null(downstream.Fault);

            // Producers stay gated before the failing event: its slot (and everything after) is not overwritten.
            int claimable = RingSize - (Published - (int)failing);
            for (int i = 0; i < claimable; i++)
            {
                Assert.True(sequencer.TryNext(out long sequence), $"claim {i + 1} of {claimable} failed");
                sequencer.Publish(sequence);
            }

            Assert.False(sequencer.TryNext(out _), $"a producer claimed the slot of sequence {failing}, which nobody consumed");
        }
        finally
        {
            stage.Barrier.Halt();
            downstream.Barrier.Halt();
        }
    }

    [Theory]
    [InlineData(FaultRelease.CompletedEvents, 4)]
    [InlineData(FaultRelease.CompletedBatches, 2)]
    public void A_stage_that_commits_per_batch_passes_on_nothing_of_the_batch_it_failed_in(FaultRelease release, long left)
    {
        var wait = new YieldingWaitStrategy();
        var sequencer = new SingleProducerSequencer<YieldingWaitStrategy>(RingSize, wait);
        var ring = new RingBuffer<long>(RingSize);
        var stage = new BatchEventProcessor<long, ThrowingStage, YieldingWaitStrategy>(
            ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait), new ThrowingStage(5), release);
        var downstream = new BatchEventProcessor<long, CountingStage, YieldingWaitStrategy>(
            ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait, stage.Sequence), default);
        sequencer.SetGatingSequences(downstream.Sequence);
        var stageThread = stage.Start("ring-batch-fault-stage");
        var downstreamThread = downstream.Start("ring-batch-fault-downstream");
        try
        {
            // Batch 0–2 completes; then 3–7 appear at once (one cursor store), a batch that fails at 5.
            PublishBatch(sequencer, ring, 3);
            Assert.True(downstream.WaitUntilProcessed(2, Bounded.Long), "the first batch did not pass");
            PublishBatch(sequencer, ring, 5);
            Assert.True(stageThread.Join(Bounded.Long), "the stage did not fail");

            Assert.IsType<InvalidOperationException>(stage.Fault);
            Assert.Equal(6, stage.Handler.Calls);
            Assert.Equal(left, stage.Sequence.Value);
            if (left > 2)
            {
                Assert.True(downstream.WaitUntilProcessed(left, Bounded.Long), $"the downstream stage did not get the events up to {left}");
            }

            Thread.Sleep(100);
            Assert.Equal(left, downstream.Sequence.Value);
            Assert.Equal(left + 1, downstream.Handler.Count);
            Bounded.HaltWithin(downstream, downstreamThread, "downstream stage");
        }
        finally
        {
            stage.Barrier.Halt();
            downstream.Barrier.Halt();
        }
    }

    [Fact]
    public void An_undefined_fault_release_is_refused_with_its_name()
    {
        var wait = new YieldingWaitStrategy();
        var sequencer = new SingleProducerSequencer<YieldingWaitStrategy>(RingSize, wait);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchEventProcessor<long, CountingStage, YieldingWaitStrategy>(
            new RingBuffer<long>(RingSize), new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait), default, (FaultRelease)7));
        Assert.Equal("faultRelease", error.ParamName);
    }

    private static void PublishBatch(SingleProducerSequencer<YieldingWaitStrategy> sequencer, RingBuffer<long> ring, int count)
    {
        long last = -1;
        for (int i = 0; i < count; i++)
        {
            last = sequencer.Next();
            ring[last] = last;
        }

        sequencer.Publish(last);
    }

    private struct ThrowingStage : IEventHandler<long>
    {
        private readonly long _failing;
        private long _calls;

        public ThrowingStage(long failing)
        {
            _failing = failing;
        }

        public readonly long Calls => _calls;

        public static string Message(long sequence) => $"handler fails on sequence {sequence}";

        public void OnEvent(ref long data, long sequence, bool endOfBatch)
        {
            _calls++;
            if (sequence == _failing)
            {
                throw new InvalidOperationException(Message(sequence));
            }
        }
    }

    private struct CountingStage : IEventHandler<long>
    {
        private long _count;

        public readonly long Count => _count;

        public void OnEvent(ref long data, long sequence, bool endOfBatch) => _count++;
    }
}
