using System.Globalization;
using System.Text;

namespace HybridMargin.Cli.Bench;

/// <summary>One workload of a comparison against a baseline.</summary>
internal sealed record ComparisonRow(
    string Workload,
    double BaselineP50,
    double BaselineP99,
    double NowP50,
    double NowP99,
    double RatioP50,
    double RatioP99,
    double BaselineBytes,
    double NowBytes,
    string Verdict,
    bool Regressed);

/// <summary>
/// Compares a run with a baseline. Latency: the median over repeats of each repeat's p50 (and, looser, p99),
/// divided by the reference workload's median p50 measured in the same run, so that a machine that is uniformly
/// slower (reference included) is not a regression. A normalised p50 above <c>tolerance</c> × baseline fails; so
/// does a normalised p99 above <c>2 × tolerance</c> × baseline. Allocation: any bytes per event (measuring thread
/// or gate stage threads) on a workload whose baseline had none fails whatever the tolerance.
/// </summary>
internal static class BenchComparison
{
    public static double P99Tolerance(double tolerance) => 2 * tolerance;

    public static IReadOnlyList<ComparisonRow> Compare(BenchReport baseline, BenchReport now, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(now);
        var rows = new List<ComparisonRow>();
        foreach (var b in baseline.Workloads)
        {
            var n = now.Find(b.Name);
            if (n is null)
            {
                rows.Add(new ComparisonRow(b.Name, b.NormalisedP50, b.NormalisedP99, double.NaN, double.NaN, double.NaN, double.NaN, b.BytesPerEvent, double.NaN, "not run", false));
                continue;
            }

            bool reference = b.Name == baseline.ReferenceWorkload;
            double baseBytes = b.BytesPerEvent + (b.StageBytesPerEvent ?? 0);
            double nowBytes = n.BytesPerEvent + (n.StageBytesPerEvent ?? 0);
            if (reference)
            {
                // The reference is 1.0 by definition; its raw ratio says how much slower this machine/run is.
                double raw = b.MedianP50 > 0 ? n.MedianP50 / b.MedianP50 : double.NaN;
                rows.Add(new ComparisonRow(b.Name, b.MedianP50, b.MedianP99, n.MedianP50, n.MedianP99, raw, b.MedianP99 > 0 ? n.MedianP99 / b.MedianP99 : double.NaN, baseBytes, nowBytes,
                    string.Create(CultureInfo.InvariantCulture, $"reference (raw ns; machine speed ×{raw:F2})"), false));
                continue;
            }

            double r50 = b.NormalisedP50 > 0 ? n.NormalisedP50 / b.NormalisedP50 : double.NaN;
            double r99 = b.NormalisedP99 > 0 ? n.NormalisedP99 / b.NormalisedP99 : double.NaN;
            var failures = new List<string>();
            if (b.BytesPerEvent == 0 && n.BytesPerEvent > 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"ALLOCATES {n.BytesPerEvent:G4} B/event (baseline 0)"));
            }

            if (b.StageBytesPerEvent == 0 && n.StageBytesPerEvent > 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"gate stages ALLOCATE {n.StageBytesPerEvent:G4} B/event (baseline 0)"));
            }

            if (r50 > tolerance)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"p50 ×{r50:F2} > {tolerance:F2}"));
            }

            if (r99 > P99Tolerance(tolerance))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"p99 ×{r99:F2} > {P99Tolerance(tolerance):F2}"));
            }

            rows.Add(new ComparisonRow(b.Name, b.NormalisedP50, b.NormalisedP99, n.NormalisedP50, n.NormalisedP99, r50, r99, baseBytes, nowBytes,
                failures.Count == 0 ? "ok" : "REGRESSION: " + string.Join("; ", failures), failures.Count > 0));
        }

        return rows;
    }

    public static string Format(IReadOnlyList<ComparisonRow> rows, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"Comparison with baseline (normalised = median over repeats / reference median p50; fail: p50 ratio > {tolerance:F2}, p99 ratio > {P99Tolerance(tolerance):F2}, or allocations where there were none)").AppendLine();
        sb.Append(inv, $"{"workload",-34} {"base p50",9} {"base p99",9} {"now p50",9} {"now p99",9} {"p50 ×",6} {"p99 ×",6} {"B/ev",9}  verdict").AppendLine();
        foreach (var r in rows)
        {
            sb.Append(inv, $"{r.Workload,-34} {r.BaselineP50,9:G4} {r.BaselineP99,9:G4} {r.NowP50,9:G4} {r.NowP99,9:G4} {r.RatioP50,6:F2} {r.RatioP99,6:F2} {r.NowBytes,9:G3}  {r.Verdict}").AppendLine();
        }

        return sb.ToString();
    }
}
