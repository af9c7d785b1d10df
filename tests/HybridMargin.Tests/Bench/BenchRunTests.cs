using System.Diagnostics;
using HybridMargin.Cli.Bench;

namespace HybridMargin.Tests.Bench;

/// <summary>Latency measurements: alone, not beside the other (parallel) test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchCollection
{
    public const string Name = "bench (not parallel)";
}

/// <summary>
/// The detector on real measurements. The test assembly references the hm build of its own configuration; the
/// HM_BENCH_INJECT_DELAY_NS knob exists only in Debug builds of hm, so in Release the delay is injected through the
/// workload-level API (<see cref="BenchSettings.PerEvent"/>, a hook that is null in every hm run): the spin lives here,
/// not in the shipped code.
/// </summary>
[Collection(BenchCollection.Name)]
public class BenchRunTests
{
    private static BenchSettings Short(Action? perEvent = null) =>
        BenchSettings.For("quick") with { Duration = TimeSpan.FromSeconds(0.25), PerEvent = perEvent };

    [Fact]
    public void A_delay_injected_on_the_hot_path_is_flagged()
    {
        var (baseline, _) = BenchCommand.Execute(Short(), null, progress: false);
        var (slow, _) = BenchCommand.Execute(Short(() => Spin(3_000)), 3_000, progress: false);

        var rows = BenchComparison.Compare(baseline, slow, 1.5);

        // 3 µs on a ~0.25 µs Evaluate+Cancel and a ~1.5 µs gate round trip: far outside any noise.
        Assert.True(Assert.Single(rows, r => r.Workload == "engine-evaluate-cancel").Regressed, BenchComparison.Format(rows, 1.5));
        Assert.True(Assert.Single(rows, r => r.Workload == "gate-submit-yielding").Regressed, BenchComparison.Format(rows, 1.5));
        Assert.False(Assert.Single(rows, r => r.Workload == Workloads.ReferenceName).Regressed);
    }

    [Fact]
    public void Every_workload_reports_percentiles_throughput_and_allocations()
    {
        var (report, histograms) = BenchCommand.Execute(Short(), null, progress: false);

        Assert.Equal(["reference-black76", "engine-evaluate-cancel", "gate-submit-yielding", "fix-nos-to-er", "recalculation-full"], report.Workloads.Select(w => w.Name));
        foreach (var w in report.Workloads)
        {
            Assert.True(w.Events > 0, w.Name);
            Assert.True(w.P50 > 0 && w.P50 <= w.P90 && w.P90 <= w.P99 && w.P99 <= w.P999 && w.P999 <= w.P9999 && w.P9999 <= w.Max, w.Name);
            Assert.Equal(3, w.RepeatP50.Count);
            Assert.True(w.NormalisedP50 > 0, w.Name);
        }

        // The hot paths allocate nothing per event: neither the engine, nor the gate (measuring thread and stages).
        Assert.Equal(0, report.Find("engine-evaluate-cancel")!.BytesPerEvent);
        Assert.Equal(0, report.Find("gate-submit-yielding")!.BytesPerEvent);
        Assert.Equal(0, report.Find("gate-submit-yielding")!.StageBytesPerEvent);
        Assert.Equal(report.Workloads.Count, histograms.Count);
        Assert.Contains("<svg", LatencyPlot.Svg("t", histograms.Select(h => (h.Result.Name, h.Histogram)).ToList()), StringComparison.Ordinal);
    }

    [Fact]
    public void Hm_bench_quick_saves_a_baseline_writes_its_outputs_and_a_second_run_passes_against_it()
    {
        string dir = Directory.CreateTempSubdirectory("hm-bench-test-").FullName;
        try
        {
            string baseline = Path.Combine(dir, "base.json");
            var (code, stdout, stderr) = Hm(["bench", "--suite", "quick", "--out", Path.Combine(dir, "a"), "--save", baseline]);
            Assert.True(code == 0, stdout + stderr);
            Assert.True(File.Exists(baseline));
            foreach (string f in new[] { "results.json", "latency.svg", "engine-evaluate-cancel.hgrm", "gate-submit-yielding.hgrm", "fix-nos-to-er.hgrm", "recalculation-full.hgrm", "reference-black76.hgrm" })
            {
                Assert.True(File.Exists(Path.Combine(dir, "a", f)), f);
            }

            Assert.Contains("p99.99", stdout, StringComparison.Ordinal);
            Assert.Contains("repeat 3/3", stderr, StringComparison.Ordinal);

            // Shared CI machines are noisy: a generous tolerance for "two normal runs are not flagged".
            (code, stdout, stderr) = Hm(["bench", "--suite", "quick", "--out", Path.Combine(dir, "b"), "--baseline", baseline, "--tolerance", "4"]);
            Assert.True(code == 0, stdout + stderr);
            Assert.Contains("no regression", stdout, StringComparison.Ordinal);

#if DEBUG
            // Debug builds of hm carry the injected-delay knob: the same run with 20 µs per event is flagged (engine and gate become many times slower).
            (code, stdout, stderr) = Hm(["bench", "--suite", "quick", "--out", Path.Combine(dir, "c"), "--baseline", baseline, "--tolerance", "4"], ("HM_BENCH_INJECT_DELAY_NS", "20000"));
            Assert.True(code == BenchCommand.RegressionExitCode, stdout + stderr);
            Assert.Contains("REGRESSION", stdout, StringComparison.Ordinal);
#endif
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Spin(long nanos)
    {
        long until = Stopwatch.GetTimestamp() + (nanos * Stopwatch.Frequency / 1_000_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(1);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Hm(string[] args, params (string Name, string Value)[] environment)
    {
        var start = Cli.HmProcess.StartInfo(args);

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("hm bench did not exit within 180 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
