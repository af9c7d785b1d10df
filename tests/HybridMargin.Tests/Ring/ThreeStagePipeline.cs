using System.Diagnostics;
using System.Runtime.CompilerServices;
using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>One slot of the pipeline ring: who produced it, its per-producer counter, and what stages 1 and 2 wrote.</summary>
internal struct TradeEvent
{
    public int Producer;
    public long Counter;
    public long Stage1Mark;
    public long Stage2Mark;
}

/// <summary>The values stages 1 and 2 write into a slot: unique per event and never 0 (0 means "not written yet").</summary>
internal static class Marks
{
    public static long Stage1(int producer, long counter) => (counter << 8) | (uint)(producer + 1);

    public static long Stage2(int producer, long counter) => ~Stage1(producer, counter);
}

/// <summary>
/// Stage 1: every producer's counters arrive strictly increasing by one (its order is kept, nothing is lost
/// or delivered twice), sequences arrive without gaps, the slot's marks were reset by the producer; then it
/// writes its mark.
/// </summary>
internal struct OrderingStage : IEventHandler<TradeEvent>
{
    private readonly long[] _nextCounter;
    private long _nextSequence;
    private ErrorLog _errors;

    public OrderingStage(int producers)
    {
        _nextCounter = new long[producers];
    }

    public readonly ErrorLog Errors => _errors;

    public readonly long NextSequence => _nextSequence;

    /// <summary>One past the last counter seen from <paramref name="producer"/>.</summary>
    public readonly long NextCounter(int producer) => _nextCounter[producer];

    public void OnEvent(ref TradeEvent data, long sequence, bool endOfBatch)
    {
        if (sequence != _nextSequence)
        {
            _errors.Add($"stage 1 got sequence {sequence}, expected {_nextSequence}");
        }

        _nextSequence = sequence + 1;
        int producer = data.Producer;
        if ((uint)producer >= (uint)_nextCounter.Length)
        {
            _errors.Add($"stage 1: unknown producer {producer} at sequence {sequence}");
            return;
        }

        if (data.Counter != _nextCounter[producer])
        {
            _errors.Add($"stage 1: producer {producer} sent counter {data.Counter} at sequence {sequence}, expected {_nextCounter[producer]}");
        }

        _nextCounter[producer] = data.Counter + 1;
        if (data.Stage1Mark != 0 || data.Stage2Mark != 0)
        {
            _errors.Add($"stage 1: slot of sequence {sequence} carries marks {data.Stage1Mark}/{data.Stage2Mark} before stage 1 ran");
        }

        data.Stage1Mark = Marks.Stage1(producer, data.Counter);
    }
}

/// <summary>Stage 2: stage 1's mark is visible (its barrier really waits for stage 1), stage 3 has not run yet; then it writes its own mark.</summary>
internal struct MarkCheckingStage : IEventHandler<TradeEvent>
{
    private long _nextSequence;
    private ErrorLog _errors;

    public readonly ErrorLog Errors => _errors;

    public readonly long NextSequence => _nextSequence;

    public void OnEvent(ref TradeEvent data, long sequence, bool endOfBatch)
    {
        if (sequence != _nextSequence)
        {
            _errors.Add($"stage 2 got sequence {sequence}, expected {_nextSequence}");
        }

        _nextSequence = sequence + 1;
        if (data.Stage1Mark != Marks.Stage1(data.Producer, data.Counter))
        {
            _errors.Add($"stage 2: sequence {sequence} (producer {data.Producer}, counter {data.Counter}) has stage-1 mark {data.Stage1Mark}, expected {Marks.Stage1(data.Producer, data.Counter)}");
        }

        if (data.Stage2Mark != 0)
        {
            _errors.Add($"stage 2: sequence {sequence} already carries a stage-2 mark");
        }

        data.Stage2Mark = Marks.Stage2(data.Producer, data.Counter);
    }
}

/// <summary>Stage 3: both marks are visible, per-producer order holds here too; counts and sums what it saw.</summary>
internal struct CountingStage : IEventHandler<TradeEvent>
{
    private readonly long[] _nextCounter;
    private readonly long[] _lastCounter;
    private long _nextSequence;
    private long _count;
    private long _counterSum;
    private ErrorLog _errors;

    public CountingStage(int producers)
    {
        _nextCounter = new long[producers];
        _lastCounter = new long[producers];
        Array.Fill(_lastCounter, -1);
    }

    public readonly ErrorLog Errors => _errors;

    public readonly long Count => _count;

    public readonly long CounterSum => _counterSum;

    public readonly long LastCounter(int producer) => _lastCounter[producer];

    public void OnEvent(ref TradeEvent data, long sequence, bool endOfBatch)
    {
        if (sequence != _nextSequence)
        {
            _errors.Add($"stage 3 got sequence {sequence}, expected {_nextSequence}");
        }

        _nextSequence = sequence + 1;
        int producer = data.Producer;
        if ((uint)producer >= (uint)_nextCounter.Length)
        {
            _errors.Add($"stage 3: unknown producer {producer} at sequence {sequence}");
            return;
        }

        if (data.Stage1Mark != Marks.Stage1(producer, data.Counter) || data.Stage2Mark != Marks.Stage2(producer, data.Counter))
        {
            _errors.Add($"stage 3: sequence {sequence} (producer {producer}, counter {data.Counter}) has marks {data.Stage1Mark}/{data.Stage2Mark}");
        }

        if (data.Counter != _nextCounter[producer])
        {
            _errors.Add($"stage 3: producer {producer} sent counter {data.Counter} at sequence {sequence}, expected {_nextCounter[producer]}");
        }

        _nextCounter[producer] = data.Counter + 1;
        _lastCounter[producer] = data.Counter;
        _count++;
        _counterSum += data.Counter;
    }
}

/// <summary>
/// Producers → stage 1 → stage 2 → stage 3, wired as the ring expects (stage k waits on stage k−1, producers
/// are gated by stage 3), then drained and halted. Asserts ordering, exactly-once delivery and the stage
/// dependencies; returns the time from the first publish until stage 3 had processed everything.
/// </summary>
internal static class ThreeStagePipeline
{
    public static TimeSpan Run<TWait>(Sequencer sequencer, TWait wait, int producers, int eventsPerProducer, bool slotMarks = true)
        where TWait : struct, IWaitStrategy
    {
        var ring = slotMarks ? new RingBuffer<TradeEvent>(sequencer) : new RingBuffer<TradeEvent>(sequencer.Size);
        var stage1 = new BatchEventProcessor<TradeEvent, OrderingStage, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait), new OrderingStage(producers));
        var stage2 = new BatchEventProcessor<TradeEvent, MarkCheckingStage, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait, stage1.Sequence), default);
        var stage3 = new BatchEventProcessor<TradeEvent, CountingStage, TWait>(ring, new SequenceBarrier<TWait>(sequencer, wait, stage2.Sequence), new CountingStage(producers));
        sequencer.SetGatingSequences(stage3.Sequence);

        long total = (long)producers * eventsPerProducer;
        long last = total - 1;
        var abort = new StrongBox<bool>();
        bool finished = false;
        var stopwatch = Stopwatch.StartNew();
        long deadline = Environment.TickCount64 + (long)Bounded.Long.TotalMilliseconds;
        var thread1 = stage1.Start("ring-stage-1");
        var thread2 = stage2.Start("ring-stage-2");
        var thread3 = stage3.Start("ring-stage-3");
        var producerThreads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            producerThreads[p] = Bounded.StartThread($"ring-producer-{id}", () => Produce(sequencer, ring, id, eventsPerProducer, abort));
        }

        string State() =>
            $"cursor {sequencer.Cursor.Value}, stage sequences {stage1.Sequence.Value}/{stage2.Sequence.Value}/{stage3.Sequence.Value} of {last}, " +
            $"faults: {stage1.Fault?.Message ?? "-"} / {stage2.Fault?.Message ?? "-"} / {stage3.Fault?.Message ?? "-"}";

        try
        {
            foreach (var thread in producerThreads)
            {
                if (!thread.Join(Bounded.Remaining(deadline)))
                {
                    Assert.Fail($"producers did not finish within {Bounded.Long.TotalSeconds} s: {State()}");
                }
            }

            if (!stage3.WaitUntilProcessed(last, Bounded.Remaining(deadline)))
            {
                Assert.Fail($"stage 3 did not process everything within {Bounded.Long.TotalSeconds} s: {State()}");
            }

            stopwatch.Stop();

            // Stop drains: everything is processed, so halting in order loses nothing.
            Bounded.HaltWithin(stage1, thread1, "stage 1");
            Bounded.HaltWithin(stage2, thread2, "stage 2");
            Bounded.HaltWithin(stage3, thread3, "stage 3");
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // Unstick everything so a failed run does not leave spinning threads behind: producers stop at
                // their next claim (a far-ahead gate lets blocked claims through), stages stop at their next wait.
                abort.Value = true;
                sequencer.SetGatingSequences(new Sequence(long.MaxValue / 2));
                stage1.Barrier.Halt();
                stage2.Barrier.Halt();
                stage3.Barrier.Halt();
            }
        }

        Assert.Null(stage1.Fault);
        Assert.Null(stage2.Fault);
        Assert.Null(stage3.Fault);
        stage1.Handler.Errors.AssertNone("stage 1");
        stage2.Handler.Errors.AssertNone("stage 2");
        stage3.Handler.Errors.AssertNone("stage 3");

        Assert.Equal(last, sequencer.Cursor.Value);
        Assert.Equal(last, stage1.Sequence.Value);
        Assert.Equal(last, stage2.Sequence.Value);
        Assert.Equal(last, stage3.Sequence.Value);
        Assert.Equal(total, stage1.Handler.NextSequence);
        Assert.Equal(total, stage2.Handler.NextSequence);
        Assert.Equal(total, stage3.Handler.Count);
        for (int p = 0; p < producers; p++)
        {
            Assert.Equal(eventsPerProducer, stage1.Handler.NextCounter(p));
            Assert.Equal(eventsPerProducer - 1, stage3.Handler.LastCounter(p));
        }

        // Each producer sent 0 .. n−1 exactly once: the counters add up to producers · n(n−1)/2.
        Assert.Equal(producers * ((long)eventsPerProducer * (eventsPerProducer - 1) / 2), stage3.Handler.CounterSum);
        return stopwatch.Elapsed;
    }

    private static void Produce(Sequencer sequencer, RingBuffer<TradeEvent> ring, int producer, int events, StrongBox<bool> abort)
    {
        for (long counter = 0; counter < events; counter++)
        {
            if (Volatile.Read(ref abort.Value))
            {
                return;
            }

            long sequence = sequencer.Next();
            ref var slot = ref ring[sequence];
            slot.Producer = producer;
            slot.Counter = counter;
            slot.Stage1Mark = 0;
            slot.Stage2Mark = 0;
            sequencer.Publish(sequence);
        }
    }
}
