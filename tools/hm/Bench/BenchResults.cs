using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridMargin.Cli.Bench;

/// <summary>Everything one <c>hm bench</c> run measured: the header and one entry per workload (the JSON of results.json and of a baseline).</summary>
internal sealed class BenchReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int FormatVersion { get; set; } = 1;

    public required BenchHeader Header { get; set; }

    /// <summary>Name of the workload every other one is normalised by.</summary>
    public string ReferenceWorkload { get; set; } = Bench.Workloads.ReferenceName;

    public List<WorkloadResult> Workloads { get; set; } = [];

    public WorkloadResult? Find(string name) => Workloads.Find(w => w.Name == name);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BenchReport FromJson(string json) =>
        JsonSerializer.Deserialize<BenchReport>(json, Json) ?? throw new JsonException("empty bench report");

    /// <summary>Fills the median and normalised figures of every workload from its per-repeat figures.</summary>
    public void Normalise()
    {
        foreach (var w in Workloads)
        {
            w.MedianP50 = Median(w.RepeatP50);
            w.MedianP99 = Median(w.RepeatP99);
        }

        var reference = Find(ReferenceWorkload);
        foreach (var w in Workloads)
        {
            if (reference is { MedianP50: > 0, MedianP99: > 0 })
            {
                w.NormalisedP50 = w.MedianP50 / reference.MedianP50;
                w.NormalisedP99 = w.MedianP99 / reference.MedianP50;
            }
        }
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Where and how the run was measured.</summary>
internal sealed class BenchHeader
{
    public string Suite { get; set; } = "";

    public int Repeats { get; set; }

    public string StartedUtc { get; set; } = "";

    public double ElapsedSeconds { get; set; }

    public string Machine { get; set; } = "";

    public string CpuModel { get; set; } = "";

    public int Cores { get; set; }

    public string Os { get; set; } = "";

    public string Runtime { get; set; } = "";

    public string Build { get; set; } = "";

    public string Gc { get; set; } = "";

    public string Jit { get; set; } = "";

    public string WaitStrategies { get; set; } = "";

    public string LoadAverageBefore { get; set; } = "";

    public string LoadAverageAfter { get; set; } = "";

    /// <summary>Set only when a debug build ran with HM_BENCH_INJECT_DELAY_NS.</summary>
    public long? InjectedDelayNanos { get; set; }
}

/// <summary>The figures of one workload: merged over all repeats, plus the per-repeat p50/p99 the comparison uses.</summary>
internal sealed class WorkloadResult
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Events timed (all repeats).</summary>
    public long Events { get; set; }

    public long P50 { get; set; }

    public long P90 { get; set; }

    public long P99 { get; set; }

    public long P999 { get; set; }

    public long P9999 { get; set; }

    public long Max { get; set; }

    public double Mean { get; set; }

    /// <summary>Timed events per second of measuring time (the loop's own rate, one event outstanding).</summary>
    public double ThroughputPerSecond { get; set; }

    /// <summary>Bytes allocated on the measuring thread during the timed loops (all repeats).</summary>
    public long AllocatedBytes { get; set; }

    /// <summary>Bytes allocated on the measuring thread per timed event (GC.GetAllocatedBytesForCurrentThread), the smallest over the repeats.</summary>
    public double BytesPerEvent { get; set; }

    /// <summary>Gate workloads: bytes the gate's stage threads allocated per event (RiskGate.Probe), the smallest over the repeats.</summary>
    public double? StageBytesPerEvent { get; set; }

    public int Gen0 { get; set; }

    public int Gen1 { get; set; }

    public int Gen2 { get; set; }

    public List<double> RepeatP50 { get; set; } = [];

    public List<double> RepeatP99 { get; set; } = [];

    public double MedianP50 { get; set; }

    public double MedianP99 { get; set; }

    /// <summary>Median p50 over the reference workload's median p50 (same run).</summary>
    public double NormalisedP50 { get; set; }

    /// <summary>Median p99 over the reference workload's median p50 (same run).</summary>
    public double NormalisedP99 { get; set; }

    public string Histogram { get; set; } = "";
}
