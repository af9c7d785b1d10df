using System.Runtime.CompilerServices;
using HybridMargin.Ring;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Ring;

[Collection(RingCollection.Name)]
public sealed class WrapAroundTests
{
    private const int TinyRing = 8;
    private const int Laps = 100;

    private readonly ITestOutputHelper _output;

    public WrapAroundTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("Single", 1)]
    [InlineData("Multi", 2)]
    public void Ring_of_8_slots_delivers_100_laps_once_each_and_in_order(string sequencerKind, int producers)
    {
        var wait = new YieldingWaitStrategy();
        Sequencer sequencer = sequencerKind switch
        {
            "Single" => new SingleProducerSequencer<YieldingWaitStrategy>(TinyRing, wait),
            "Multi" => new MultiProducerSequencer<YieldingWaitStrategy>(TinyRing, wait),
            _ => throw new ArgumentOutOfRangeException(nameof(sequencerKind), sequencerKind, "unknown sequencer"),
        };
        var ring = new RingBuffer<LapEvent>(TinyRing);
        var consumer = new BatchEventProcessor<LapEvent, LapChecker, YieldingWaitStrategy>(
            ring, new SequenceBarrier<YieldingWaitStrategy>(sequencer, wait), new LapChecker(sequencer, producers));
        sequencer.SetGatingSequences(consumer.Sequence);

        int total = TinyRing * Laps;
        int perProducer = total / producers;
        var consumerThread = consumer.Start("ring-lap-consumer");
        var producerThreads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            producerThreads[p] = Bounded.StartThread($"ring-lap-producer-{id}", () =>
            {
                for (long counter = 0; counter < perProducer; counter++)
                {
                    long sequence = sequencer.Next();
                    ref var slot = ref ring[sequence];
                    slot.Producer = id;
                    slot.Counter = counter;
                    slot.Payload = LapEvent.PayloadOf(id, counter);
                    sequencer.Publish(sequence);
                }
            });
        }

        bool finished = false;
        try
        {
            foreach (var thread in producerThreads)
            {
                Assert.True(thread.Join(Bounded.Long), $"a producer did not finish within {Bounded.Long.TotalSeconds} s (cursor {sequencer.Cursor.Value}, consumer {consumer.Sequence.Value})");
            }

            Assert.True(consumer.WaitUntilProcessed(total - 1, Bounded.Long), $"the consumer did not reach {total - 1} (at {consumer.Sequence.Value}, fault: {consumer.Fault})");
            Bounded.HaltWithin(consumer, consumerThread, "lap consumer");
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // Let blocked producers run to the end and stop the consumer at its next wait: no thread outlives a failure spinning.
                sequencer.SetGatingSequences(new Sequence(long.MaxValue / 2));
                consumer.Barrier.Halt();
            }
        }

        Assert.Null(consumer.Fault);
        ref var checker = ref consumer.Handler;
        checker.Errors.AssertNone("lap consumer");
        Assert.Equal(total, checker.Count);
        Assert.Equal(total - 1, sequencer.Cursor.Value);
        Assert.Equal(total - 1, consumer.Sequence.Value);
        for (int p = 0; p < producers; p++)
        {
            Assert.Equal(perProducer, checker.NextCounter(p));
        }

        // The gate held: while the consumer handled sequence s (its own sequence at most s − 1), no producer had
        // claimed beyond s + 7, i.e. nobody overwrote a slot before it was consumed.
        Assert.InRange(checker.MaxLead, 0, TinyRing - 1);
        _output.WriteLine($"{sequencerKind}: {total} events over {Laps} laps; the cursor led the consumer by at most {checker.MaxLead}");
    }

    [Fact]
    public void Ring_of_8_slots_reuses_the_same_slot_every_8_sequences()
    {
        var ring = new RingBuffer<LapEvent>(TinyRing);
        Assert.Equal(TinyRing, ring.Size);
        for (long sequence = 0; sequence < TinyRing * Laps; sequence++)
        {
            Assert.True(Unsafe.AreSame(ref ring[sequence], ref ring[sequence + TinyRing]), $"sequence {sequence} and {sequence + TinyRing} are different slots");
            Assert.False(Unsafe.AreSame(ref ring[sequence], ref ring[sequence + 1]), $"sequence {sequence} and {sequence + 1} share a slot");
        }

        ring[3].Payload = 42;
        Assert.Equal(42, ring[3 + (TinyRing * 1_000_000L)].Payload);
    }

    [Fact]
    public void Four_producers_keep_order_through_three_stages_on_a_64_slot_ring()
    {
        // The big pipeline test runs on 16,384 slots; this one keeps the ring nearly always full so the
        // multi-producer claim, lap-number publish and gating paths wrap thousands of times under contention.
        var wait = new YieldingWaitStrategy();
        var elapsed = ThreeStagePipeline.Run(new MultiProducerSequencer<YieldingWaitStrategy>(64, wait), wait, 4, 50_000);
        _output.WriteLine($"4 producers x 50,000 events through 3 stages on 64 slots in {elapsed.TotalSeconds:0.00} s");
    }

    private struct LapEvent
    {
        public int Producer;
        public long Counter;
        public long Payload;

        public static long PayloadOf(int producer, long counter) => (counter * 1_000) + producer + 7;
    }

    /// <summary>Checks sequences arrive without gaps, each producer's counters in order, and the payload matches the header (no torn or overwritten slot).</summary>
    private struct LapChecker : IEventHandler<LapEvent>
    {
        private readonly Sequencer _sequencer;
        private readonly long[] _nextCounter;
        private long _nextSequence;
        private long _count;
        private long _maxLead;
        private ErrorLog _errors;

        public LapChecker(Sequencer sequencer, int producers)
        {
            _sequencer = sequencer;
            _nextCounter = new long[producers];
        }

        public readonly ErrorLog Errors => _errors;

        public readonly long Count => _count;

        public readonly long MaxLead => _maxLead;

        public readonly long NextCounter(int producer) => _nextCounter[producer];

        public void OnEvent(ref LapEvent data, long sequence, bool endOfBatch)
        {
            long lead = _sequencer.Cursor.Value - sequence;
            _maxLead = Math.Max(_maxLead, lead);
            if (sequence != _nextSequence)
            {
                _errors.Add($"got sequence {sequence}, expected {_nextSequence}");
            }

            _nextSequence = sequence + 1;
            _count++;
            int producer = data.Producer;
            if ((uint)producer >= (uint)_nextCounter.Length)
            {
                _errors.Add($"unknown producer {producer} at sequence {sequence}");
                return;
            }

            if (data.Counter != _nextCounter[producer])
            {
                _errors.Add($"producer {producer} sent counter {data.Counter} at sequence {sequence}, expected {_nextCounter[producer]}");
            }

            if (data.Payload != LapEvent.PayloadOf(producer, data.Counter))
            {
                _errors.Add($"sequence {sequence}: payload {data.Payload} does not match producer {producer} counter {data.Counter}");
            }

            _nextCounter[producer] = data.Counter + 1;
        }
    }
}
