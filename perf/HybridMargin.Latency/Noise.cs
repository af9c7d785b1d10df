using System.Diagnostics;
using System.Globalization;

namespace HybridMargin.Latency;

/// <summary>
/// How much of the machine was not ours during a section: CPU time used by other processes (all busy time in
/// /proc/stat minus this process's), and time the hypervisor stole from the vCPUs. Linux only; empty elsewhere.
/// </summary>
internal readonly record struct NoiseSnapshot(long BusyTicks, long StealTicks, long OwnTicks, long Timestamp)
{
    private const double TicksPerSecond = 100; // USER_HZ

    public static NoiseSnapshot Take()
    {
        try
        {
            string[] cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long F(int i) => i < cpu.Length ? long.Parse(cpu[i], CultureInfo.InvariantCulture) : 0;

            // user nice system idle iowait irq softirq steal (guest time is already inside user).
            long busy = F(1) + F(2) + F(3) + F(6) + F(7);
            long steal = F(8);
            string self = File.ReadAllText("/proc/self/stat");
            string[] fields = self[(self.LastIndexOf(')') + 2)..].Split(' ');

            // utime and stime are fields 14 and 15 of the full line: 11 and 12 after the command name.
            long own = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new NoiseSnapshot(busy, steal, own, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return new NoiseSnapshot(-1, -1, -1, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>One line: others' CPU time and steal since <paramref name="start"/>, as a share of both cores.</summary>
    public static string Describe(NoiseSnapshot start, NoiseSnapshot end)
    {
        double wall = (end.Timestamp - start.Timestamp) / (double)Stopwatch.Frequency;
        if (start.BusyTicks < 0 || end.BusyTicks < 0 || wall <= 0)
        {
            return $"wall {wall:F1} s (no /proc: noise not measured)";
        }

        double others = Math.Max(0, (end.BusyTicks - start.BusyTicks) - (end.OwnTicks - start.OwnTicks)) / TicksPerSecond;
        double steal = (end.StealTicks - start.StealTicks) / TicksPerSecond;
        double capacity = wall * Environment.ProcessorCount;
        return string.Create(CultureInfo.InvariantCulture, $"wall {wall:F1} s; other processes used {others:F2} CPU-s ({100 * others / capacity:F1} % of the {Environment.ProcessorCount} cores); hypervisor steal {steal:F2} s");
    }
}
