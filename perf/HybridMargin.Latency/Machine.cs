using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace HybridMargin.Latency;

/// <summary>The machine line printed before the tables.</summary>
internal static class Machine
{
    public static string Line()
    {
        string cpu = ReadCpuModel();
        string hypervisor = File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains(" hypervisor", StringComparison.Ordinal) ? ", virtualised (hypervisor flag)" : string.Empty;
        return $"{Environment.ProcessorCount} logical cores{hypervisor}; CPU: {cpu}; OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}); " +
               $".NET: {RuntimeInformation.FrameworkDescription}; GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}; " +
               $"Stopwatch: {Stopwatch.Frequency:N0} Hz";
    }

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>
    /// True while another process's command line mentions HybridMargin.Benchmarks (what <c>pgrep -f</c> finds):
    /// someone's BenchmarkDotNet run, which would share the two cores with our spinning threads.
    /// </summary>
    public static bool OtherBenchmarksRunning()
    {
        if (!Directory.Exists("/proc"))
        {
            return false;
        }

        int self = Environment.ProcessId;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == self)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("HybridMargin.Benchmarks", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return false;
    }

    private static string ReadCpuModel()
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

        return "unknown";
    }
}
