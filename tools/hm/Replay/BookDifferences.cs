using System.Globalization;
using HybridMargin.Books;

namespace HybridMargin.Cli.Replay;

/// <summary>What the shadow run's book changes against the replay book: its risk parameters and account limits, one line each.</summary>
internal static class BookDifferences
{
    /// <summary>Lines such as <c>parameters.imMultiplier 1.3 -> 2</c> and <c>limits.DIRECT1.maxOrderQty 2000 -> none</c>, in a fixed order.</summary>
    public static IReadOnlyList<string> Describe(Book original, Book shadow)
    {
        var lines = new List<string>();
        var p = original.Parameters;
        var q = shadow.Parameters;
        Compare(lines, "parameters.horizonDays", p.HorizonDays, q.HorizonDays);
        Compare(lines, "parameters.varConfidence", p.VarConfidence, q.VarConfidence);
        Compare(lines, "parameters.esConfidence", p.EsConfidence, q.EsConfidence);
        Compare(lines, "parameters.imMultiplier", p.ImMultiplier, q.ImMultiplier);
        Compare(lines, "parameters.riskFreeRate", p.RiskFreeRate, q.RiskFreeRate);
        // The replay applies the recorded Monte Carlo add-ons; nothing is simulated again, under any parameters.
        Compare(lines, "parameters.mcScenarios", p.McScenarios, q.McScenarios, " (no effect: add-ons are replayed as recorded)");
        Compare(lines, "parameters.mcSeed", p.McSeed, q.McSeed, " (no effect: add-ons are replayed as recorded)");
        for (int a = 0; a < original.Accounts.Count; a++)
        {
            string prefix = "limits." + original.Accounts[a].Id + ".";
            var l = original.Accounts[a].Limits;
            var m = shadow.Accounts[a].Limits;
            Compare(lines, prefix + "maxOrderQty", l.MaxOrderQty, m.MaxOrderQty);
            Compare(lines, prefix + "maxOrderNotional", l.MaxOrderNotional, m.MaxOrderNotional);
            Compare(lines, prefix + "priceBand", l.PriceBand, m.PriceBand);
            Compare(lines, prefix + "maxOpenOrders", l.MaxOpenOrders, m.MaxOpenOrders);
            Compare(lines, prefix + "maxOrdersPerSecond", l.MaxOrdersPerSecond, m.MaxOrdersPerSecond);
            for (int i = 0; i < original.Instruments.Count; i++)
            {
                Compare(lines, prefix + "maxPosition." + original.Instruments[i].Symbol, Limit(l.MaxPosition, i), Limit(m.MaxPosition, i));
            }
        }

        return lines;
    }

    private static double? Limit(IReadOnlyDictionary<int, double> limits, int instrument) =>
        limits.TryGetValue(instrument, out double limit) ? limit : null;

    private static void Compare(List<string> lines, string name, double? before, double? after, string note = "")
    {
        if (!Nullable.Equals(before, after))
        {
            lines.Add($"{name} {Format(before)} -> {Format(after)}{note}");
        }
    }

    private static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "none";
}
