using HybridMargin.Cli.Bench;

namespace HybridMargin.Tests.Bench;

/// <summary>The regression detector as a pure function over two result sets.</summary>
public class BenchComparisonTests
{
    [Fact]
    public void Same_figures_are_not_a_regression()
    {
        var rows = BenchComparison.Compare(Report(1.0, 1.0), Report(1.0, 1.0), 1.5);

        Assert.DoesNotContain(rows, r => r.Regressed);
        Assert.All(rows.Where(r => r.Workload != Workloads.ReferenceName), r => Assert.Equal("ok", r.Verdict));
    }

    [Fact]
    public void A_workload_twice_as_slow_against_the_same_reference_is_flagged()
    {
        var rows = BenchComparison.Compare(Report(1.0, 1.0), Report(1.0, 2.0), 1.5);

        var engine = Assert.Single(rows, r => r.Workload == "engine");
        Assert.True(engine.Regressed);
        Assert.Equal(2.0, engine.RatioP50, 6);
        Assert.Contains("p50 ×2.00", engine.Verdict, StringComparison.Ordinal);
        Assert.False(Assert.Single(rows, r => r.Workload == "gate").Regressed);
    }

    [Fact]
    public void A_uniformly_twice_as_slow_machine_reference_included_is_not_flagged()
    {
        var rows = BenchComparison.Compare(Report(1.0, 1.0), Report(2.0, 2.0, gateFactor: 2.0), 1.5);

        Assert.DoesNotContain(rows, r => r.Regressed);
        Assert.Equal(2.0, Assert.Single(rows, r => r.Workload == Workloads.ReferenceName).RatioP50, 6);
    }

    [Fact]
    public void A_p50_within_tolerance_is_not_flagged_and_the_tolerance_is_honoured()
    {
        Assert.DoesNotContain(BenchComparison.Compare(Report(1.0, 1.0), Report(1.0, 1.4), 1.5), r => r.Regressed);
        Assert.Contains(BenchComparison.Compare(Report(1.0, 1.0), Report(1.0, 1.4), 1.2), r => r.Regressed);
    }

    [Fact]
    public void Allocating_where_the_baseline_did_not_always_fails_even_with_a_huge_tolerance()
    {
        var now = Report(1.0, 1.0);
        now.Find("engine")!.BytesPerEvent = 0.5;
        var rows = BenchComparison.Compare(Report(1.0, 1.0), now, 100);

        var engine = Assert.Single(rows, r => r.Workload == "engine");
        Assert.True(engine.Regressed);
        Assert.Contains("ALLOCATES", engine.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_stage_threads_allocating_where_they_did_not_fails()
    {
        var now = Report(1.0, 1.0);
        now.Find("gate")!.StageBytesPerEvent = 24;
        var rows = BenchComparison.Compare(Report(1.0, 1.0), now, 100);

        Assert.True(Assert.Single(rows, r => r.Workload == "gate").Regressed);
    }

    [Fact]
    public void A_baseline_survives_a_json_round_trip()
    {
        var report = Report(1.0, 1.0);
        var back = BenchReport.FromJson(report.ToJson());

        Assert.Equal(report.Workloads.Select(w => w.NormalisedP50), back.Workloads.Select(w => w.NormalisedP50));
        Assert.DoesNotContain(BenchComparison.Compare(report, back, 1.01), r => r.Regressed);
    }

    /// <summary>A run: the reference at 1,000 ns × <paramref name="machine"/>, "engine" at 200 ns × <paramref name="engineFactor"/>, "gate" at 1,500 ns × <paramref name="gateFactor"/>.</summary>
    private static BenchReport Report(double machine, double engineFactor, double gateFactor = 1.0)
    {
        var report = new BenchReport { Header = new BenchHeader { Suite = "test", Repeats = 3 } };
        report.Workloads.Add(Workload(Workloads.ReferenceName, 1_000 * machine, null));
        report.Workloads.Add(Workload("engine", 200 * engineFactor, null));
        report.Workloads.Add(Workload("gate", 1_500 * gateFactor, 0));
        report.Normalise();
        return report;
    }

    private static WorkloadResult Workload(string name, double p50, double? stageBytes) => new()
    {
        Name = name,
        // Repeats with some spread: the comparison uses their medians.
        RepeatP50 = [p50 * 1.3, p50, p50 * 0.99],
        RepeatP99 = [p50 * 4, p50 * 3, p50 * 3.1],
        StageBytesPerEvent = stageBytes,
    };
}
