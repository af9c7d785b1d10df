using System.Diagnostics;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace HybridMargin.Cli.Bench;

/// <summary>One repeat of one workload: its histogram (ns) and the allocation and GC figures of the timed loop.</summary>
internal sealed record RepeatMeasurement(LongHistogram Histogram, long Events, double Seconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long? StageAllocatedBytes);

/// <summary>The event a workload times: <see cref="Timed"/> inside the clock reads, <see cref="Untimed"/> after (clean-up such as a cancel).</summary>
internal abstract class EventLoop
{
    public abstract void Timed(long n);

    public virtual void Untimed(long n)
    {
    }
}

/// <summary>The timing loop shared by every workload.</summary>
internal static class Measure
{
    /// <summary>Largest value tracked: 60 s.</summary>
    public const long MaxTrackableNanos = 60_000_000_000;

    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    public static LongHistogram NewHistogram() => new(MaxTrackableNanos, 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToNanos(long ticks) => Math.Clamp((long)(ticks * NanosPerTick), 0, MaxTrackableNanos);

    /// <summary>
    /// Runs <paramref name="warmup"/> untimed events, then times events until <paramref name="duration"/> has passed or
    /// <paramref name="maxEvents"/> were timed. <paramref name="perEvent"/> (null in normal runs) runs inside the timed
    /// region: the hook a test or a debug build uses to inject a delay on the hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static RepeatMeasurement Run(EventLoop loop, long warmup, TimeSpan duration, long maxEvents, Action? perEvent, Func<long>? stageAllocated = null)
    {
        for (long i = 0; i < warmup; i++)
        {
            loop.Timed(i);
            loop.Untimed(i);
        }

        var h = NewHistogram();
        long stage0 = stageAllocated?.Invoke() ?? 0;
        int gen0 = GC.CollectionCount(0);
        int gen1 = GC.CollectionCount(1);
        int gen2 = GC.CollectionCount(2);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long events = 0;
        long n = warmup;
        long t1 = start;
        while (events < maxEvents && t1 < end)
        {
            long t0 = Stopwatch.GetTimestamp();
            perEvent?.Invoke();
            loop.Timed(n);
            t1 = Stopwatch.GetTimestamp();
            h.RecordValue(ToNanos(t1 - t0));
            loop.Untimed(n);
            n++;
            events++;
        }

        long stop = Stopwatch.GetTimestamp();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var result = new RepeatMeasurement(h, events, (stop - start) / (double)Stopwatch.Frequency, allocated,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2,
            stageAllocated is null ? null : stageAllocated() - stage0);
        return result;
    }

#if DEBUG
    /// <summary>Spins for <paramref name="nanos"/> (the injected delay of a debug build; Release builds carry no delay code).</summary>
    public static void SpinFor(long nanos)
    {
        long until = Stopwatch.GetTimestamp() + (long)(nanos / NanosPerTick);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(1);
        }
    }
#endif
}
