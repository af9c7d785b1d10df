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
