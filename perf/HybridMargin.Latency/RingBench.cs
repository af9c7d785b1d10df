using System.Diagnostics;
using System.Runtime.CompilerServices;
using HdrHistogram;
using HybridMargin.Ring;

namespace HybridMargin.Latency;

/// <summary>The event of the ring measurements: a value and the producer's clock at publish.</summary>
internal struct Ev
{
    public long Value;
    public long Stamp;
}

/// <summary>Echo stage: republishes every event into a second ring (single producer: this stage's thread).</summary>
internal readonly struct EchoHandler<TWait> : IEventHandler<Ev>
    where TWait : struct, IWaitStrategy
{
    private readonly RingBuffer<Ev> _out;
    private readonly SingleProducerSequencer<TWait> _outSequencer;

    public EchoHandler(RingBuffer<Ev> output, SingleProducerSequencer<TWait> outputSequencer)
    {
        _out = output;
        _outSequencer = outputSequencer;
    }

    public void OnEvent(ref Ev data, long sequence, bool endOfBatch)
    {
        long s = _outSequencer.Next();
        _out[s] = data;
        _outSequencer.Publish(s);
    }
}

/// <summary>The event of the reply-in-the-slot round trip: the producer's value and the stage's answer (value + 1).</summary>
internal struct EvInSlot
{
    public long Value;
    public long Answer;
}

/// <summary>Answers in the event itself: the producer polls <see cref="EvInSlot.Answer"/> of the slot it published.</summary>
internal readonly struct AnswerInSlotHandler : IEventHandler<EvInSlot>
{
    public void OnEvent(ref EvInSlot data, long sequence, bool endOfBatch) => Volatile.Write(ref data.Answer, data.Value + 1);
}

/// <summary>One-way stage: records now − the producer's stamp.</summary>
internal readonly struct OneWayHandler : IEventHandler<Ev>
{
    private readonly LongHistogram _histogram;
    private readonly long _warmup;

    public OneWayHandler(LongHistogram histogram, long warmup)
    {
        _histogram = histogram;
        _warmup = warmup;
    }

    public void OnEvent(ref Ev data, long sequence, bool endOfBatch)
    {
        long now = Stopwatch.GetTimestamp();
        if (sequence >= _warmup)
        {
            Hist.RecordTicks(_histogram, now - data.Stamp);
        }
    }
}

/// <summary>Throughput stage: counts and sums (the sum proves every value arrived once).</summary>
internal struct CountingHandler : IEventHandler<Ev>
{
    public long Count;
    public long Sum;

    public void OnEvent(ref Ev data, long sequence, bool endOfBatch)
    {
        Count++;
        Sum += data.Value;
    }
}

/// <summary>The ring: round trip and one-way hop against the floor, and 1P–1C throughput per wait strategy.</summary>
internal static class RingBench
{
    private const int LatencyRingSize = 1024;
    private const int ThroughputRingSize = 64 * 1024;

    public static void RunLatency(Report report, Settings s)
    {
        report.Section(
            "Ring: round trip and one-way hop",
            $"round trip: thread A (core 0) claims/publishes one event into ring 1 (SingleProducerSequencer, {LatencyRingSize} slots); a BatchEventProcessor on core 1 " +
            "echoes it into ring 2 (its own SingleProducerSequencer); both rings are built on their sequencers, so the echo stage polls ring 1's slot marks and A spins (PAUSE between reads, as the floor's pause row) on ring 2's slot mark (RingBuffer.IsPublished), reads the echo, advances its gating sequence. One event in flight. " +
            "reply in the slot: one ring; the stage's handler writes its answer into the event it was handed (as a stage annotates an event for the stages after it) and A polls that field of its own slot. " +
            $"one-way: A stamps Stopwatch.GetTimestamp() into the event and publishes; the consumer on core 1 records now − stamp; A waits for the consumer's sequence before the next. " +
            $"{s.Warmup:N0} warm-up, then up to {s.Iterations:N0} recorded (blocking/sleeping: {s.SlowIterations:N0}), at most {s.LatencyTimeLimit.TotalSeconds:F0} s each");
        var busy = RoundTrip(report, s, "BusySpin", default(BusySpinWaitStrategy), default(BusySpinWaitStrategy), s.Iterations);
        s.RingRoundTripP50 = busy.Result.P50;
        s.RingRoundTripUntimed = busy.Untimed;
        var inSlot = RoundTripInSlot(report, s);
        s.RingInSlotP50 = inSlot.Result.P50;
        s.RingInSlotUntimed = inSlot.Untimed;
        RoundTrip(report, s, "Yielding", default(YieldingWaitStrategy), default(YieldingWaitStrategy), s.Iterations);
        RoundTrip(report, s, "Sleeping", default(SleepingWaitStrategy), default(SleepingWaitStrategy), s.SlowIterations);
        RoundTrip(report, s, "Blocking", new BlockingWaitStrategy(), new BlockingWaitStrategy(), s.SlowIterations);
        OneWay(report, s, "BusySpin", default(BusySpinWaitStrategy));
        OneWay(report, s, "Yielding", default(YieldingWaitStrategy));
        report.EndTable();
    }

    public static void RunThroughput(Report report, Settings s)
    {
        report.Section(
            "Ring: 1P–1C throughput",
            $"producer thread pinned to core 0 claims and publishes as fast as it can into a {ThroughputRingSize:N0}-slot ring (SingleProducerSequencer); one BatchEventProcessor pinned to core 1 counts " +
            "and sums the values (checked: count and sum exact). Time = producer's first claim → producer sees the consumer's sequence reach the last event. " +
            "\"per event\": Next()+Publish() per event; \"batch 64\": 64 × Next() then one Publish(last)");
        s.RingThroughput = Throughput(report, "BusySpin", default(BusySpinWaitStrategy), s.RingEvents, 1);
        double batched = Throughput(report, "BusySpin", default(BusySpinWaitStrategy), s.RingEvents, 64);
        s.RingThroughputBatched = batched;
        Throughput(report, "Yielding", default(YieldingWaitStrategy), s.RingEvents, 1);
        Throughput(report, "Yielding", default(YieldingWaitStrategy), s.RingEvents, 64);
        Throughput(report, "Blocking", new BlockingWaitStrategy(), s.ChannelEvents, 1);
        report.EndTable();
    }

    private static (LatencyResult Result, double Untimed) RoundTrip<TWait>(Report report, Settings s, string waitName, TWait wait1, TWait wait2, long iterations)
        where TWait : struct, IWaitStrategy
    {
        var seq1 = new SingleProducerSequencer<TWait>(LatencyRingSize, wait1);
        var seq2 = new SingleProducerSequencer<TWait>(LatencyRingSize, wait2);
        var ring1 = new RingBuffer<Ev>(seq1);
        var ring2 = new RingBuffer<Ev>(seq2);
        var echo = new BatchEventProcessor<Ev, EchoHandler<TWait>, TWait>(ring1, new SequenceBarrier<TWait>(seq1, wait1), new EchoHandler<TWait>(ring2, seq2));
        seq1.SetGatingSequences(echo.Sequence);
        var consumed = new Sequence();
        seq2.SetGatingSequences(consumed);
        echo.Start("ring-echo", 1);
        var h = Hist.Create();
        long limit = (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
        long warmup = Math.Min(s.Warmup, Math.Max(1000, iterations / 10));
        double untimed = 0;
        var a = Threads.Start("ring-A", 0, () =>
        {
            long next = Ping(ring1, seq1, ring2, consumed, warmup, iterations, limit, h);
            long end = Stopwatch.GetTimestamp() + (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
            untimed = PingUntimed(ring1, seq1, ring2, consumed, next, Math.Min(iterations, h.TotalCount), end);
        });
        var gcStart = GcCounts.Now();
        a.Join();
        echo.Halt();
        return (report.Latency($"ring round trip, {waitName}", h, $"batched p50 {untimed:F0} ns", collections: GcCounts.Since(gcStart).Including("warm-up and batched run")), untimed);
    }

    private static (LatencyResult Result, double Untimed) RoundTripInSlot(Report report, Settings s)
    {
        var seq = new SingleProducerSequencer<BusySpinWaitStrategy>(LatencyRingSize, default);
        var ring = new RingBuffer<EvInSlot>(seq);
        var stage = new BatchEventProcessor<EvInSlot, AnswerInSlotHandler, BusySpinWaitStrategy>(ring, new SequenceBarrier<BusySpinWaitStrategy>(seq, default), default);
        seq.SetGatingSequences(stage.Sequence);
        stage.Start("ring-answer", 1);
        var h = Hist.Create();
        long limit = (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
        double untimed = 0;
        var a = Threads.Start("ring-A", 0, () =>
        {
            long next = PingInSlot(ring, seq, 0, s.Warmup, s.Iterations, limit, h, null, out _);
            PingInSlot(ring, seq, next, 0, Math.Min(s.Iterations, h.TotalCount), limit, null, batches: Hist.Create(), untimed: out untimed);
        });
        var gcStart = GcCounts.Now();
        a.Join();
        stage.Halt();
        return (report.Latency("ring round trip, reply in the slot (one ring), BusySpin", h, $"batched p50 {untimed:F0} ns", collections: GcCounts.Since(gcStart).Including("warm-up and batched run")), untimed);
    }

    /// <summary>Timed (<paramref name="h"/>: one sample per round trip) or batched (<paramref name="batches"/>: one clock read per 100).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long PingInSlot(RingBuffer<EvInSlot> ring, SingleProducerSequencer<BusySpinWaitStrategy> seq, long first, long warmup, long iterations, long limit, LongHistogram? h, LongHistogram? batches, out double untimed)
    {
        long deadline = long.MaxValue;
        long batchStart = Stopwatch.GetTimestamp();
        long end = first + warmup + iterations;
        long i = first;
        for (; i < end; i++)
        {
            long t0 = h is null ? 0 : Stopwatch.GetTimestamp();
            if (i == first + warmup)
            {
                deadline = Stopwatch.GetTimestamp() + limit;
            }

            long sq = seq.Next();
            ref var e = ref ring[sq];
            e.Value = i;
            seq.Publish(sq);
            while (Volatile.Read(ref e.Answer) != i + 1)
            {
                PauseSpin.Once();
            }

            if (h is not null)
            {
                long t1 = Stopwatch.GetTimestamp();
                if (i - first >= warmup)
                {
                    Hist.RecordTicks(h, t1 - t0);
                    if (t1 > deadline)
                    {
                        i++;
                        break;
                    }
                }
            }
            else if ((i - first) % FloorBench.Batch == FloorBench.Batch - 1)
            {
                long t1 = Stopwatch.GetTimestamp();
                batches!.RecordValue(Hist.ToNanos(t1 - batchStart) / FloorBench.Batch);
                batchStart = t1;
                if (t1 > deadline)
                {
                    i++;
                    break;
                }
            }
        }

        untimed = batches is null || batches.TotalCount == 0 ? 0 : batches.GetValueAtPercentile(50);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double PingUntimed<TWait>(RingBuffer<Ev> ring1, SingleProducerSequencer<TWait> seq1, RingBuffer<Ev> ring2, Sequence consumed, long first, long iterations, long deadline)
        where TWait : struct, IWaitStrategy
    {
        var batches = Hist.Create();
        long t0 = Stopwatch.GetTimestamp();
        for (long i = first; i < first + iterations; i++)
        {
            long s = seq1.Next();
            ring1[s].Value = i;
            seq1.Publish(s);
            while (!ring2.IsPublished(i))
            {
                PauseSpin.Once();
            }

            consumed.Value = i;
            if ((i - first) % FloorBench.Batch == FloorBench.Batch - 1)
            {
                long t1 = Stopwatch.GetTimestamp();
                batches.RecordValue(Hist.ToNanos(t1 - t0) / FloorBench.Batch);
                t0 = t1;
                if (t1 > deadline)
                {
                    break;
                }
            }
        }

        return batches.TotalCount == 0 ? 0 : batches.GetValueAtPercentile(50);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long Ping<TWait>(RingBuffer<Ev> ring1, SingleProducerSequencer<TWait> seq1, RingBuffer<Ev> ring2, Sequence consumed, long warmup, long iterations, long limit, LongHistogram h)
        where TWait : struct, IWaitStrategy
    {
        long deadline = long.MaxValue;
        for (long i = 0; i < warmup + iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (i == warmup)
            {
                deadline = t0 + limit;
            }

            long s = seq1.Next();
            ring1[s].Value = i;
            seq1.Publish(s);
            while (!ring2.IsPublished(i))
            {
                PauseSpin.Once();
            }

            long echoed = ring2[i].Value;
            consumed.Value = i;
            long t1 = Stopwatch.GetTimestamp();
            if (echoed != i)
            {
                throw new InvalidOperationException($"echo returned {echoed} for {i}");
            }

            if (i >= warmup)
            {
                Hist.RecordTicks(h, t1 - t0);
                if (t1 > deadline)
                {
                    return i + 1;
                }
            }
        }

        return warmup + iterations;
    }

    private static void OneWay<TWait>(Report report, Settings s, string waitName, TWait wait)
        where TWait : struct, IWaitStrategy
    {
        var seq = new SingleProducerSequencer<TWait>(LatencyRingSize, wait);
        var ring = new RingBuffer<Ev>(seq);
        var h = Hist.Create();
        var consumer = new BatchEventProcessor<Ev, OneWayHandler, TWait>(ring, new SequenceBarrier<TWait>(seq, wait), new OneWayHandler(h, s.Warmup));
        seq.SetGatingSequences(consumer.Sequence);
        consumer.Start("ring-oneway", 1);
        long limit = (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
        var a = Threads.Start("ring-A", 0, () => PublishStamped(ring, seq, consumer.Sequence, s.Warmup, s.Iterations, limit));
        var gcStart = GcCounts.Now();
        a.Join();
        consumer.Halt();
        report.Latency($"ring one-way hop, {waitName}", h, "clock read on each side", collections: GcCounts.Since(gcStart).Including("warm-up"));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void PublishStamped<TWait>(RingBuffer<Ev> ring, SingleProducerSequencer<TWait> seq, Sequence done, long warmup, long iterations, long limit)
        where TWait : struct, IWaitStrategy
    {
        long deadline = long.MaxValue;
        for (long i = 0; i < warmup + iterations; i++)
        {
            long s = seq.Next();
            ref var e = ref ring[s];
            e.Value = i;
            long now = Stopwatch.GetTimestamp();
            e.Stamp = now;
            if (i == warmup)
            {
                deadline = now + limit;
            }

            seq.Publish(s);
            while (done.Value < s)
            {
            }

            if (now > deadline)
            {
                return;
            }
        }
    }

    private static double Throughput<TWait>(Report report, string waitName, TWait wait, long events, int batch)
        where TWait : struct, IWaitStrategy
    {
        // A short warm-up run first (same code path, so the producer loop and the consumer's Run are optimised).
        Measure(wait, Math.Min(events / 10, 5_000_000), batch);
        var (elapsed, count, sum, collections) = Measure(wait, events, batch);
        long expectedSum = events * (events - 1) / 2;
        string check = count == events && sum == expectedSum ? "count and sum exact" : $"MISMATCH count={count} sum={sum}";
        var r = report.Throughput($"ring 1P–1C, {waitName}, {(batch == 1 ? "per event" : $"batch {batch}")}", events, elapsed, check, collections);
        return r.PerSecond;
    }

    private static (TimeSpan Elapsed, long Count, long Sum, GcCounts Collections) Measure<TWait>(TWait wait, long events, int batch)
        where TWait : struct, IWaitStrategy
    {
        var seq = new SingleProducerSequencer<TWait>(ThroughputRingSize, wait);
        var ring = new RingBuffer<Ev>(seq);
        var consumer = new BatchEventProcessor<Ev, CountingHandler, TWait>(ring, new SequenceBarrier<TWait>(seq, wait), default);
        seq.SetGatingSequences(consumer.Sequence);
        consumer.Start("ring-count", 1);
        long ticks = 0;
        var gcStart = GcCounts.Now();
        var producer = Threads.Start("ring-producer", 0, () => ticks = Produce(ring, seq, consumer.Sequence, events, batch));
        producer.Join();
        var collections = GcCounts.Since(gcStart);
        consumer.Halt();
        ref var handler = ref consumer.Handler;
        return (TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency), handler.Count, handler.Sum, collections);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long Produce<TWait>(RingBuffer<Ev> ring, SingleProducerSequencer<TWait> seq, Sequence done, long events, int batch)
        where TWait : struct, IWaitStrategy
    {
        long t0 = Stopwatch.GetTimestamp();
        if (batch == 1)
        {
            for (long i = 0; i < events; i++)
            {
                long s = seq.Next();
                ring[s].Value = i;
                seq.Publish(s);
            }
        }
        else
        {
            long i = 0;
            while (i < events)
            {
                long end = Math.Min(events, i + batch);
                long s = -1;
                for (; i < end; i++)
                {
                    s = seq.Next();
                    ring[s].Value = i;
                }

                seq.Publish(s);
            }
        }

        while (done.Value < events - 1)
        {
            Thread.SpinWait(1);
        }

        return Stopwatch.GetTimestamp() - t0;
    }
}
