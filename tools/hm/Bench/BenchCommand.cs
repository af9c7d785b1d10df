using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace HybridMargin.Cli.Bench;

/// <summary><c>hm bench [--suite quick|full] [--out DIR] [--save FILE] [--baseline FILE] [--tolerance X]</c>: the latency regression suite (SPEC §1.3).</summary>
internal static class BenchCommand
{
    /// <summary>Exit code of a run that regressed against its baseline.</summary>
    public const int RegressionExitCode = 3;

    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "quick (3 repeats, one wait strategy, < 1 min) or full (5 repeats, every wait strategy, < 10 min).", DefaultValueFactory = _ => "quick" };
        suite.AcceptOnlyFromAmong("quick", "full");
        var output = new Option<string>("--out") { Description = "Directory for results.json, the .hgrm files and latency.svg.", DefaultValueFactory = _ => "bench-results" };
        var save = new Option<string?>("--save") { Description = "Write this run as a baseline to FILE." };
        var baseline = new Option<string?>("--baseline") { Description = $"Compare with the baseline in FILE; exit {RegressionExitCode} on a regression." };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest allowed ratio of normalised median p50 to the baseline's (p99: twice this).", DefaultValueFactory = _ => 1.5 };
        var command = new Command("bench", "Latency regression suite: fixed seeded workloads (engine, gate, FIX loopback, recalculation) with HdrHistogram percentiles, normalised by a reference kernel measured in the same run.")
        {
            suite, output, save, baseline, tolerance,
        };
        command.SetAction(parse => Run(parse.GetValue(suite)!, parse.GetValue(output)!, parse.GetValue(save), parse.GetValue(baseline), parse.GetValue(tolerance)));
        return command;
    }

    private static int Run(string suite, string outDir, string? savePath, string? baselinePath, double tolerance)
    {
        if (tolerance < 1)
        {
            Console.Error.WriteLine($"error: --tolerance {tolerance} must be ≥ 1");
            return 2;
        }

        BenchReport? baseline = null;
        if (baselinePath is not null)
        {
            try
            {
                baseline = BenchReport.FromJson(File.ReadAllText(baselinePath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                Console.Error.WriteLine($"error: cannot read baseline {baselinePath}: {e.Message}");
                return 2;
            }
        }

        var settings = BenchSettings.For(suite);
        long? injected = null;
#if DEBUG
        // Debug builds only: a delay spun inside the timed region of every event (not the reference), to prove the detector.
        if (long.TryParse(Environment.GetEnvironmentVariable("HM_BENCH_INJECT_DELAY_NS"), CultureInfo.InvariantCulture, out long delay) && delay > 0)
        {
            injected = delay;
            settings = settings with { PerEvent = () => Measure.SpinFor(delay) };
            Console.Error.WriteLine($"hm bench: DEBUG build, injecting {delay} ns per event (HM_BENCH_INJECT_DELAY_NS)");
        }
#endif

        var report = Execute(settings, injected, progress: true);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "results.json"), report.Report.ToJson());
        foreach (var (w, h) in report.Histograms)
        {
            using var writer = new StreamWriter(Path.Combine(outDir, w.Histogram));
            h.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: 1000.0);
        }

        File.WriteAllText(Path.Combine(outDir, "latency.svg"), LatencyPlot.Svg(
            Inv.F($"hm bench --suite {suite}: latency by percentile ({report.Report.Header.Cores} cores, {report.Report.Header.Repeats} repeats merged)"),
            report.Histograms.Select(p => (p.Result.Name, p.Histogram)).ToList()));
        Console.Write(Summary(report.Report));
        Console.WriteLine($"results: {Path.GetFullPath(outDir)} (results.json, *.hgrm in µs, latency.svg)");
        if (savePath is not null)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(savePath));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllText(savePath, report.Report.ToJson());
            Console.WriteLine($"baseline saved: {savePath}");
        }

        if (baseline is null)
        {
            return 0;
        }

        var rows = BenchComparison.Compare(baseline, report.Report, tolerance);
        Console.WriteLine();
        Console.Write(BenchComparison.Format(rows, tolerance));
        var failed = rows.Where(r => r.Regressed).ToList();
        if (failed.Count > 0)
        {
            Console.WriteLine($"REGRESSION: {failed.Count} workload(s): {string.Join(", ", failed.Select(r => r.Workload))}");
            return RegressionExitCode;
        }

        Console.WriteLine("no regression");
        return 0;
    }

    /// <summary>Runs every workload of <paramref name="settings"/>, repeats interleaved (each repeat runs every workload once, reference first).</summary>
    public static (BenchReport Report, List<(WorkloadResult Result, LongHistogram Histogram)> Histograms) Execute(BenchSettings settings, long? injectedDelayNanos, bool progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var header = Header(settings);
        header.StartedUtc = started.ToString("O", CultureInfo.InvariantCulture);
        header.InjectedDelayNanos = injectedDelayNanos;
        var workloads = Workloads.Create(settings);
        var repeats = workloads.Select(_ => new List<RepeatMeasurement>()).ToList();
        try
        {
            int total = settings.Repeats * workloads.Count;
            for (int r = 0; r < settings.Repeats; r++)
            {
                for (int w = 0; w < workloads.Count; w++)
                {
                    if (progress)
                    {
                        Console.Error.Write(Inv.F($"\rhm bench {settings.Suite}: [{(r * workloads.Count) + w + 1}/{total}] repeat {r + 1}/{settings.Repeats} {workloads[w].Name,-28} {clock.Elapsed.TotalSeconds,5:F1} s "));
                    }

                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    repeats[w].Add(workloads[w].RunRepeat(settings));
                }
            }
        }
        finally
        {
            foreach (var w in workloads)
            {
                w.Dispose();
            }
        }

        if (progress)
        {
            Console.Error.WriteLine(Inv.F($"\rhm bench {settings.Suite}: done in {clock.Elapsed.TotalSeconds:F1} s{new string(' ', 50)}"));
        }

        var report = new BenchReport { Header = header };
        var histograms = new List<(WorkloadResult, LongHistogram)>();
        for (int w = 0; w < workloads.Count; w++)
        {
            var merged = Measure.NewHistogram();
            long events = 0;
            double seconds = 0;
            long allocated = 0;
            long? stage = null;
            var result = new WorkloadResult { Name = workloads[w].Name, Description = workloads[w].Description, Histogram = workloads[w].Name + ".hgrm" };
            foreach (var m in repeats[w])
            {
                merged.Add(m.Histogram);
                events += m.Events;
                seconds += m.Seconds;
                allocated += m.AllocatedBytes;
                stage = m.StageAllocatedBytes is long s ? (stage ?? 0) + s : stage;
                result.Gen0 += m.Gen0;
                result.Gen1 += m.Gen1;
                result.Gen2 += m.Gen2;
                result.RepeatP50.Add(m.Histogram.GetValueAtPercentile(50));
                result.RepeatP99.Add(m.Histogram.GetValueAtPercentile(99));
            }

            result.Events = events;
            result.P50 = merged.GetValueAtPercentile(50);
            result.P90 = merged.GetValueAtPercentile(90);
            result.P99 = merged.GetValueAtPercentile(99);
            result.P999 = merged.GetValueAtPercentile(99.9);
            result.P9999 = merged.GetValueAtPercentile(99.99);
            result.Max = merged.GetMaxValue();
            result.Mean = Math.Round(merged.GetMean(), 1);
            result.ThroughputPerSecond = seconds > 0 ? Math.Round(events / seconds, 1) : 0;
            // Bytes per event: the smallest over the repeats. A steady per-event allocation shows in every repeat; a
            // one-off allocation of the runtime on the measuring thread (tiering, OSR) in one repeat does not.
            result.AllocatedBytes = allocated;
            result.BytesPerEvent = repeats[w].Min(m => m.Events > 0 ? m.AllocatedBytes / (double)m.Events : 0);
            result.StageBytesPerEvent = stage is null ? null : repeats[w].Min(m => m.Events > 0 ? (m.StageAllocatedBytes ?? 0) / (double)m.Events : 0);
            report.Workloads.Add(result);
            histograms.Add((result, merged));
        }

        report.Normalise();
        header.ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        header.LoadAverageAfter = LoadAverage();
        return (report, histograms);
    }

    public static string Summary(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = report.Header;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"hm bench --suite {h.Suite}: {h.Repeats} repeats, {h.ElapsedSeconds:F1} s; {h.CpuModel}, {h.Cores} cores, {h.Os}; {h.Runtime} ({h.Build})").AppendLine();
        sb.Append(inv, $"GC: {h.Gc}; JIT: {h.Jit}; gate waits: {h.WaitStrategies}; load average before {h.LoadAverageBefore}, after {h.LoadAverageAfter}").AppendLine();
        if (h.InjectedDelayNanos is long d)
        {
            sb.Append(inv, $"INJECTED DELAY: {d} ns per event (debug build)").AppendLine();
        }

        sb.Append(inv, $"{"workload",-28} {"events",9} {"p50",9} {"p90",9} {"p99",9} {"p99.9",9} {"p99.99",9} {"max",9} {"ev/s",10} {"B/ev",7} {"stage B/ev",10} {"gen0/1/2",9} {"norm p50",9} {"norm p99",9}").AppendLine();
        foreach (var w in report.Workloads)
        {
            sb.Append(inv, $"{w.Name,-28} {w.Events,9} {LatencyPlot.Nanos(w.P50),9} {LatencyPlot.Nanos(w.P90),9} {LatencyPlot.Nanos(w.P99),9} {LatencyPlot.Nanos(w.P999),9} {LatencyPlot.Nanos(w.P9999),9} {LatencyPlot.Nanos(w.Max),9} {w.ThroughputPerSecond,10:F0} {w.BytesPerEvent,7:G3} {(w.StageBytesPerEvent is double s ? s.ToString("G3", inv) : "-"),10} {$"{w.Gen0}/{w.Gen1}/{w.Gen2}",9} {w.NormalisedP50,9:F2} {w.NormalisedP99,9:F2}").AppendLine();
        }

        return sb.ToString();
    }

    private static BenchHeader Header(BenchSettings settings)
    {
        string Switch(string name) => AppContext.GetData(name)?.ToString() ?? "default";
        string Env(string name) => Environment.GetEnvironmentVariable(name) ?? "unset";
        return new BenchHeader
        {
            Suite = settings.Suite,
            Repeats = settings.Repeats,
            Machine = Environment.MachineName,
            CpuModel = CpuModel(),
            Cores = Environment.ProcessorCount,
            Os = RuntimeInformation.OSDescription,
            Runtime = $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}",
#if DEBUG
            Build = "Debug",
#else
            Build = "Release",
#endif
            Gc = Inv.F($"server {GCSettings.IsServerGC}, concurrent {Switch("System.GC.Concurrent")}, latency mode {GCSettings.LatencyMode}, RetainVM {Switch("System.GC.RetainVM")}"),
            Jit = $"TieredCompilation {Switch("System.Runtime.TieredCompilation")}, TieredPGO {Switch("System.Runtime.TieredPGO")}, QuickJitForLoops {Switch("System.Runtime.TieredCompilation.QuickJitForLoops")}; env DOTNET_TieredCompilation={Env("DOTNET_TieredCompilation")}, DOTNET_TieredPGO={Env("DOTNET_TieredPGO")}, DOTNET_ReadyToRun={Env("DOTNET_ReadyToRun")}",
            WaitStrategies = string.Join(", ", settings.GateWaits) + " (FIX and recalculation: Blocking)",
            LoadAverageBefore = LoadAverage(),
        };
    }

    private static string CpuModel()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', parts.Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
