namespace HybridMargin.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void Demo_runs_the_flow_and_reports_decisions_rates_and_latency_percentiles()
    {
        var (code, stdout, stderr) = HmProcess.Run("demo", "--duration", "1.5", "--rate", "500");

        Assert.True(code == 0, stderr);
        Assert.Contains("Decisions", stdout, StringComparison.Ordinal);
        Assert.Contains("Accepted", stdout, StringComparison.Ordinal);
        Assert.Contains("Events through the ring", stdout, StringComparison.Ordinal);
        foreach (string p in new[] { "p50", "p90", "p99", "p99.9", "p99.99", "max" })
        {
            Assert.Contains("  " + p + " ", stdout, StringComparison.Ordinal);
        }

        Assert.Contains("GC collections during the run", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_rejects_a_non_positive_rate()
    {
        var (code, _, stderr) = HmProcess.Run("demo", "--rate", "0");

        Assert.NotEqual(0, code);
        Assert.Contains("--rate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_refuses_journal_settings_without_a_journal()
    {
        var (code, _, stderr) = HmProcess.Run("demo", "--snapshot-every", "10");

        Assert.Equal(2, code);
        Assert.Contains("need --journal", stderr, StringComparison.Ordinal);
    }
}
