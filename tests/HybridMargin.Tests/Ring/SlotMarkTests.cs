using System.Diagnostics;
using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>
/// A ring built on its sequencer keeps the last sequence published into each slot next to the slot, and a first
/// stage polls that mark instead of the shared cursor (one cache line per hop instead of two).
/// </summary>
[Collection(RingCollection.Name)]
public sealed class SlotMarkTests
{
    [Fact]
    public void A_ring_built_on_its_sequencer_marks_each_publish_in_the_slot_and_forgets_it_a_lap_later()
    {
        var sequencer = new SingleProducerSequencer<BusySpinWaitStrategy>(4, default);
        var gate = new Sequence();
        sequencer.SetGatingSequences(gate);
        var ring = new RingBuffer<long>(sequencer);

        Assert.False(ring.IsPublished(0));
        for (long s = 0; s < 4; s++)
        {
            long claimed = sequencer.Next();
            Assert.False(ring.IsPublished(claimed));
            sequencer.Publish(claimed);
            Assert.True(ring.IsPublished(claimed));
        }

        gate.Value = 0;
        sequencer.Publish(sequencer.Next()); // sequence 4, in sequence 0's slot
        Assert.True(ring.IsPublished(4));
        Assert.False(ring.IsPublished(0));
        Assert.False(ring.IsPublished(8));
    }

    [Fact]
    public void A_single_producer_publishing_the_last_claim_of_a_batch_publishes_the_whole_batch_to_a_slot_polling_stage()
    {
        var sequencer = new SingleProducerSequencer<BusySpinWaitStrategy>(16, default);
        var ring = new RingBuffer<long>(sequencer);
        var seen = new List<long>();
        var stage = new BatchEventProcessor<long, Recorder, BusySpinWaitStrategy>(ring, new SequenceBarrier<BusySpinWaitStrategy>(sequencer, default), new Recorder(seen));
        sequencer.SetGatingSequences(stage.Sequence);
        stage.Start("slot-mark-batch");
        try
        {
            long last = -1;
            for (int i = 0; i < 5; i++)
            {
                last = sequencer.Next();
                ring[last] = i;
            }

            sequencer.Publish(last);
            for (long s = 0; s <= last; s++)
            {
                Assert.True(ring.IsPublished(s), $"sequence {s} of the batch ending at {last} is not marked");
            }

            AwaitProcessed(stage.Sequence, last);
        }
        finally
        {
            Bounded.RunOnThread("Halt", Bounded.Halt, stage.Halt);
        }

        lock (seen)
        {
            Assert.Equal([0L, 1L, 2L, 3L, 4L], seen);
        }
    }

    [Fact]
    public void A_ring_not_built_on_a_sequencer_reports_nothing_published()
    {
        var sequencer = new MultiProducerSequencer<BusySpinWaitStrategy>(4, default);
        var ring = new RingBuffer<long>(4);
        sequencer.Publish(sequencer.Next());

        Assert.False(ring.IsPublished(0));
        Assert.Null(ring.Sequencer);
    }

    [Fact]
    public void A_sequencer_publishes_into_one_ring_only()
    {
        var sequencer = new MultiProducerSequencer<BusySpinWaitStrategy>(4, default);
        _ = new RingBuffer<long>(sequencer);

        Assert.Throws<InvalidOperationException>(() => new RingBuffer<long>(sequencer));
    }

    [Fact]
    public void A_ring_cannot_be_built_on_a_sequencer_that_has_already_claimed()
    {
        var sequencer = new MultiProducerSequencer<BusySpinWaitStrategy>(4, default);
        sequencer.Publish(sequencer.Next());

        Assert.Throws<InvalidOperationException>(() => new RingBuffer<long>(sequencer));
    }

    [Theory]
    [InlineData("BusySpin")]
    [InlineData("Yielding")]
    [InlineData("Blocking")]
    public void A_first_stage_waits_at_an_unpublished_claim_though_a_later_one_is_published(string strategy)
    {
        switch (strategy)
        {
            case "BusySpin":
                WaitsAtGap(new BusySpinWaitStrategy());
                break;
            case "Yielding":
                WaitsAtGap(new YieldingWaitStrategy());
                break;
            default:
                WaitsAtGap(new BlockingWaitStrategy());
                break;
        }
    }

    [Fact]
    public void A_busy_spinning_first_stage_polling_its_slot_halts()
    {
        var sequencer = new MultiProducerSequencer<BusySpinWaitStrategy>(8, default);
        var ring = new RingBuffer<long>(sequencer);
        var stage = new BatchEventProcessor<long, Recorder, BusySpinWaitStrategy>(ring, new SequenceBarrier<BusySpinWaitStrategy>(sequencer, default), new Recorder(new List<long>()));
        sequencer.SetGatingSequences(stage.Sequence);
        stage.Start("slot-mark-halt");
        Thread.Sleep(20);

        Bounded.RunOnThread("Halt", Bounded.Halt, stage.Halt);
        Assert.Equal(Sequence.Initial, stage.Sequence.Value);
    }

    private static void WaitsAtGap<TWait>(TWait wait)
        where TWait : struct, IWaitStrategy
    {
        var sequencer = new MultiProducerSequencer<TWait>(8, wait);
        var ring = new RingBuffer<long>(sequencer);
        var seen = new List<long>();
        var stage = new BatchEventProcessor<long, Recorder, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait), new Recorder(seen));
        sequencer.SetGatingSequences(stage.Sequence);
        stage.Start("slot-mark-gap");
        try
        {
            long first = sequencer.Next();
            long second = sequencer.Next();
            ring[second] = 200;
            sequencer.Publish(second);

            // Sequence 1 is published, 0 only claimed: the stage must not move (nor read slot 1) for as long as we look.
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 50)
            {
                Assert.Equal(Sequence.Initial, stage.Sequence.Value);
                Thread.Yield();
            }

            ring[first] = 100;
            sequencer.Publish(first);
            AwaitProcessed(stage.Sequence, second);
        }
        finally
        {
            Bounded.RunOnThread("Halt", Bounded.Halt, stage.Halt);
        }

        lock (seen)
        {
            Assert.Equal([100L, 200L], seen);
        }
    }

    private static void AwaitProcessed(Sequence stage, long sequence)
    {
        long deadline = Environment.TickCount64 + (long)Bounded.Long.TotalMilliseconds;
        while (stage.Value < sequence)
        {
            Assert.True(Environment.TickCount64 < deadline, $"the stage stopped at {stage.Value} of {sequence}");
            Thread.Yield();
        }
    }

    private readonly struct Recorder : IEventHandler<long>
    {
        private readonly List<long> _seen;

        public Recorder(List<long> seen) => _seen = seen;

        public void OnEvent(ref long e, long sequence, bool endOfBatch)
        {
            lock (_seen)
            {
                _seen.Add(e);
            }
        }
    }
}
