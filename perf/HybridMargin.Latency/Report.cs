using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace HybridMargin.Latency;

/// <summary>Histogram helpers: every value is recorded in nanoseconds.</summary>
internal static class Hist
{
    /// <summary>Largest value tracked: 60 s (anything above is clamped, and shows as max).</summary>
    public const long MaxTrackableNanos = 60_000_000_000;

    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>A histogram of nanoseconds with 3 significant digits.</summary>
    public static LongHistogram Create() => new(MaxTrackableNanos, 3);

    /// <summary>Stopwatch ticks to nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToNanos(long ticks) => (long)(ticks * NanosPerTick);

    /// <summary>Records a span of Stopwatch ticks as nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordTicks(LongHistogram histogram, long ticks) =>
        histogram.RecordValue(Math.Clamp(ToNanos(ticks), 0, MaxTrackableNanos));
}

/// <summary>One measured latency distribution, kept for the ratio summary.</summary>
internal sealed record LatencyResult(string Name, long P50, long P99, long Count);

/// <summary>One measured throughput, kept for the ratio summary.</summary>
internal sealed record ThroughputResult(string Name, double PerSecond);

/// <summary>Prints Markdown tables (ready for docs/perf-pipeline.md) and keeps every figure for the summary.</summary>
internal sealed class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<LatencyResult> _latencies = [];
    private readonly List<ThroughputResult> _throughputs = [];
    private bool _latencyHeader;
    private bool _throughputHeader;
    private NoiseSnapshot? _sectionStart;

    public IReadOnlyList<LatencyResult> Latencies => _latencies;

    public IReadOnlyList<ThroughputResult> Throughputs => _throughputs;

    /// <summary>Starts a section: a heading and its settings line.</summary>
    public void Section(string title, string settings)
    {
        CloseSection();
        _sectionStart = NoiseSnapshot.Take();
        Console.WriteLine();
        Console.WriteLine($"### {title}");
        Console.WriteLine();
        Console.WriteLine($"Settings: {settings}");
        Console.WriteLine();
        _latencyHeader = false;
        _throughputHeader = false;
    }

    /// <summary>Prints the noise line of the section in progress, if any.</summary>
    public void CloseSection()
    {
        if (_sectionStart is { } start)
        {
            Console.WriteLine();
            Console.WriteLine($"Noise during this section: {NoiseSnapshot.Describe(start, NoiseSnapshot.Take())}");
            _sectionStart = null;
        }
    }

    /// <summary>A note under the current table.</summary>
    public static void Note(string text)
    {
        Console.WriteLine();
        Console.WriteLine($"> {text}");
        Console.WriteLine();
    }

    /// <summary>One latency row: p50, p90, p99, p99.9, p99.99, max (ns), count and the garbage collections while it was measured.</summary>
    public LatencyResult Latency(string name, LongHistogram h, string? detail = null, GcCounts? collections = null)
    {
        if (!_latencyHeader)
        {
            Console.WriteLine("| test | p50 ns | p90 ns | p99 ns | p99.9 ns | p99.99 ns | max ns | count | GCs gen0/1/2 | detail |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            _latencyHeader = true;
        }

        string gcs = (collections ?? GcCounts.NotCounted("this benchmark does not count them")).ToString();
        long count = h.TotalCount;
        long p50 = count == 0 ? 0 : h.GetValueAtPercentile(50);
        long p99 = count == 0 ? 0 : h.GetValueAtPercentile(99);
        string row = count == 0
            ? $"| {name} | – | – | – | – | – | – | 0 | {gcs} | {detail} |"
            : string.Create(Inv, $"| {name} | {p50:N0} | {h.GetValueAtPercentile(90):N0} | {p99:N0} | {h.GetValueAtPercentile(99.9):N0} | {h.GetValueAtPercentile(99.99):N0} | {h.GetMaxValue():N0} | {count:N0} | {gcs} | {detail} |");
        Console.WriteLine(row);
        var result = new LatencyResult(name, p50, p99, count);
        _latencies.Add(result);
        return result;
    }

    /// <summary>One throughput row, with the garbage collections while it was measured.</summary>
    public ThroughputResult Throughput(string name, long events, TimeSpan elapsed, string? detail = null, GcCounts? collections = null)
    {
        if (!_throughputHeader)
        {
            Console.WriteLine("| test | events | seconds | M events/s | GCs gen0/1/2 | detail |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            _throughputHeader = true;
        }

        string gcs = (collections ?? GcCounts.NotCounted("this benchmark does not count them")).ToString();
        double perSecond = events / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(Inv, $"| {name} | {events:N0} | {elapsed.TotalSeconds:F3} | {perSecond / 1e6:F2} | {gcs} | {detail} |"));
        var result = new ThroughputResult(name, perSecond);
        _throughputs.Add(result);
        return result;
    }

    /// <summary>Ends a table (a blank line, so the next rows start a new one).</summary>
    public void EndTable()
    {
        Console.WriteLine();
        _latencyHeader = false;
        _throughputHeader = false;
    }
}
