using System.Diagnostics;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace HybridMargin.Latency;

/// <summary>
/// The hardware floor of a cross-core hop: two threads pinned to cores 0 and 1 bounce one padded long
/// (A writes 2i+1, B answers 2i+2). Nothing but the cache-coherence traffic of one line and the spin loops.
/// </summary>
internal static class FloorBench
{
    /// <summary>Round trips per sample of the batched (clock-free) figure.</summary>
    public const int Batch = 100;

    public static void Run(Report report, Settings s)
    {
        report.Section(
            "Floor: cache-line ping-pong between two pinned threads",
            $"thread A pinned to core 0, thread B pinned to core 1; one 8-byte value alone on its cache line; {s.Warmup:N0} warm-up round trips, then {s.Iterations:N0} recorded; " +
            "each sample = Stopwatch.GetTimestamp() before A's write → after A sees B's answer (one clock read included in every sample)");
        FloorResult[] modes = [RoundTrip<TightSpin>(report, s), RoundTrip<PauseSpin>(report, s), RoundTrip<SpinWaitSpin>(report, s)];
        var best = modes.MinBy(m => m.P50);
        var requestReply = RoundTrip<PauseSpin>(report, s, new Cell(), new Cell(), "request + reply lines, ");
        s.RequestReplyFloorP50 = requestReply.P50;
        s.RequestReplyFloorUntimed = requestReply.Untimed;
        TwoLines<PauseSpin>(report, s);
        OneWay<TightSpin>(report, s);
        report.EndTable();
        Report.Note("batched p50 = the same loop with one clock read per 100 round trips: the median of those 100-round-trip means (no clock cost in the figure; preemptions only spoil a few batches). " +
            "request + reply lines = A writes its value to one line and B answers on another, as any pair of queues does (a ring and its reply ring, a ring and a reply flag): " +
            "each line is written by one core and polled by the other, so every write first takes the line from the poller. ring-shaped = the payload and the flag on two different lines each way " +
            "(like a ring that publishes through a cursor). one-way = B's clock read minus A's clock read just before the write " +
            "(same invariant-TSC clock on both cores), B answering after it recorded.");
        s.FloorRoundTripP50 = best!.P50;
        s.FloorName = best.Name;
        s.FloorRoundTripUntimed = modes.Min(m => m.Untimed);
    }

    private static void TwoLines<TSpin>(Report report, Settings s)
        where TSpin : struct, ISpin
    {
        var flag = new Cell();
        var request = new Cell();
        var answer = new Cell();
        var h = Hist.Create();
        long rounds = s.Warmup + s.Iterations;
        var b = Threads.Start("floor-B", 1, () => AnswerTwoLines<TSpin>(flag, request, answer, rounds));
        var a = Threads.Start("floor-A", 0, () => PingTwoLines<TSpin>(flag, request, answer, s.Warmup, s.Iterations, h));
        var gcStart = GcCounts.Now();
        Threads.JoinAll(a, b);
        report.Latency($"floor round trip, ring-shaped (payload + flag lines), spin = {TSpin.Name}", h, "4 line transfers per round trip", collections: GcCounts.Since(gcStart).Including("warm-up"));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void PingTwoLines<TSpin>(Cell flag, Cell request, Cell answer, long warmup, long iterations, LongHistogram h)
        where TSpin : struct, ISpin
    {
        ref long f = ref flag.Line.Value;
        for (long i = 0; i < warmup + iterations; i++)
        {
            long want = (2 * i) + 1;
            long t0 = Stopwatch.GetTimestamp();
            request.Line.Value = i;
            Volatile.Write(ref f, want);
            while (Volatile.Read(ref f) != want + 1)
            {
                TSpin.Once();
            }

            long echoed = answer.Line.Value;
            long t1 = Stopwatch.GetTimestamp();
            if (echoed != i)
            {
                throw new InvalidOperationException("ring-shaped ping-pong lost a value");
            }

            if (i >= warmup)
            {
                Hist.RecordTicks(h, t1 - t0);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void AnswerTwoLines<TSpin>(Cell flag, Cell request, Cell answer, long rounds)
        where TSpin : struct, ISpin
    {
        ref long f = ref flag.Line.Value;
        for (long i = 0; i < rounds; i++)
        {
            long want = (2 * i) + 1;
            while (Volatile.Read(ref f) != want)
            {
                TSpin.Once();
            }

            answer.Line.Value = request.Line.Value;
            Volatile.Write(ref f, want + 1);
        }
    }

    private static FloorResult RoundTrip<TSpin>(Report report, Settings s)
        where TSpin : struct, ISpin
    {
        var cell = new Cell();
        return RoundTrip<TSpin>(report, s, cell, cell, "");
    }

    /// <summary>One ping-pong: <paramref name="request"/> and <paramref name="reply"/> the same cell (the floor) or two (one line each way).</summary>
    private static FloorResult RoundTrip<TSpin>(Report report, Settings s, Cell request, Cell reply, string variant)
        where TSpin : struct, ISpin
    {
        var h = Hist.Create();
        long rounds = s.Warmup + s.Iterations;
        double untimedMean = 0;
        var b = Threads.Start("floor-B", 1, () => Answer<TSpin>(request, reply, rounds + s.Iterations));
        var a = Threads.Start("floor-A", 0, () =>
        {
            Ping<TSpin>(request, reply, 0, s.Warmup, s.Iterations, h);
            untimedMean = PingUntimed<TSpin>(request, reply, rounds, s.Iterations);
        });
        var gcStart = GcCounts.Now();
        Threads.JoinAll(a, b);
        string name = $"floor round trip, {variant}spin = {TSpin.Name}";
        var r = report.Latency(name, h, $"batched p50 {untimedMean:F0} ns", collections: GcCounts.Since(gcStart).Including("warm-up and batched run"));
        return new FloorResult(name, r.P50, untimedMean);
    }

    private static void OneWay<TSpin>(Report report, Settings s)
        where TSpin : struct, ISpin
    {
        var cell = new Cell();
        var h = Hist.Create();
        var b = Threads.Start("floor-B", 1, () => AnswerStamped<TSpin>(cell, s.Warmup, s.Warmup + s.Iterations, h));
        var a = Threads.Start("floor-A", 0, () => PingStamped<TSpin>(cell, s.Warmup + s.Iterations));
        var gcStart = GcCounts.Now();
        Threads.JoinAll(a, b);
        report.Latency($"floor one-way (A→B), spin = {TSpin.Name}", h, "clock read on each side", collections: GcCounts.Since(gcStart).Including("warm-up"));
    }

    /// <summary>A's side, timed: odd values on the request line, waits for the next even one on the reply line (the same line for the floor).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Ping<TSpin>(Cell request, Cell reply, long first, long warmup, long iterations, LongHistogram h)
        where TSpin : struct, ISpin
    {
        ref long q = ref request.Line.Value;
        ref long r = ref reply.Line.Value;
        long end = first + warmup + iterations;
        for (long i = first; i < end; i++)
        {
            long want = (2 * i) + 1;
            long t0 = Stopwatch.GetTimestamp();
            Volatile.Write(ref q, want);
            while (Volatile.Read(ref r) != want + 1)
            {
                TSpin.Once();
            }

            long t1 = Stopwatch.GetTimestamp();
            if (i - first >= warmup)
            {
                Hist.RecordTicks(h, t1 - t0);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double PingUntimed<TSpin>(Cell request, Cell reply, long first, long iterations)
        where TSpin : struct, ISpin
    {
        ref long q = ref request.Line.Value;
        ref long r = ref reply.Line.Value;
        var batches = Hist.Create();
        long t0 = Stopwatch.GetTimestamp();
        for (long i = first; i < first + iterations; i++)
        {
            long want = (2 * i) + 1;
            Volatile.Write(ref q, want);
            while (Volatile.Read(ref r) != want + 1)
            {
                TSpin.Once();
            }

            if ((i - first) % Batch == Batch - 1)
            {
                long t1 = Stopwatch.GetTimestamp();
                batches.RecordValue(Hist.ToNanos(t1 - t0) / Batch);
                t0 = t1;
            }
        }

        return batches.GetValueAtPercentile(50);
    }

    /// <summary>B's side of both ping-pongs: waits for A's odd value on the request line, answers the next even one on the reply line (the same line for the floor).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Answer<TSpin>(Cell request, Cell reply, long rounds)
        where TSpin : struct, ISpin
    {
        ref long q = ref request.Line.Value;
        ref long r = ref reply.Line.Value;
        for (long i = 0; i < rounds; i++)
        {
            long want = (2 * i) + 1;
            while (Volatile.Read(ref q) != want)
            {
                TSpin.Once();
            }

            Volatile.Write(ref r, want + 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void PingStamped<TSpin>(Cell cell, long rounds)
        where TSpin : struct, ISpin
    {
        ref long v = ref cell.Line.Value;
        ref long stamp = ref cell.Line.Stamp;
        for (long i = 0; i < rounds; i++)
        {
            long want = (2 * i) + 1;
            stamp = Stopwatch.GetTimestamp();
            Volatile.Write(ref v, want);
            while (Volatile.Read(ref v) != want + 1)
            {
                TSpin.Once();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void AnswerStamped<TSpin>(Cell cell, long warmup, long rounds, LongHistogram h)
        where TSpin : struct, ISpin
    {
        ref long v = ref cell.Line.Value;
        ref long stamp = ref cell.Line.Stamp;
        for (long i = 0; i < rounds; i++)
        {
            long want = (2 * i) + 1;
            while (Volatile.Read(ref v) != want)
            {
                TSpin.Once();
            }

            long now = Stopwatch.GetTimestamp();
            if (i >= warmup)
            {
                Hist.RecordTicks(h, now - stamp);
            }

            Volatile.Write(ref v, want + 1);
        }
    }

    private sealed record FloorResult(string Name, long P50, double Untimed);
}
