using System.Runtime.ExceptionServices;
using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>
/// Every ring test class joins this collection. The tests start several spinning threads on a 2-core machine:
/// running them one at a time (and after the parallel collections) keeps their timings meaningful and keeps
/// them from starving each other or the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RingCollection
{
    public const string Name = "Ring";
}

/// <summary>Bounded waits: every wait of a ring test has a timeout that fails the test with a message.</summary>
internal static class Bounded
{
    /// <summary>The budget for a whole pipeline run or a drain.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    /// <summary>The budget for a halt: a few milliseconds are expected, seconds mean it hangs.</summary>
    public static readonly TimeSpan Halt = TimeSpan.FromSeconds(10);

    /// <summary>Time left until <paramref name="deadline"/> (a <see cref="Environment.TickCount64"/> value), never negative.</summary>
    public static TimeSpan Remaining(long deadline) => TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));

    /// <summary>Starts a background thread running <paramref name="action"/>.</summary>
    public static Thread StartThread(string name, Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh background thread and fails if it does not finish within
    /// <paramref name="timeout"/>; rethrows what it threw. The thread is left running on timeout (it is a
    /// background thread: it cannot keep the test host alive).
    /// </summary>
    public static void RunOnThread(string what, TimeSpan timeout, Action action)
    {
        Exception? error = null;
        var thread = StartThread(what, () =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        if (!thread.Join(timeout))
        {
            Assert.Fail($"{what} did not return within {timeout.TotalSeconds:0.#} s");
        }

        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Halts <paramref name="processor"/> (alert and join) and fails if that takes longer than <see cref="Halt"/>.</summary>
    public static void HaltWithin<T, THandler, TWait>(BatchEventProcessor<T, THandler, TWait> processor, Thread? thread, string name)
        where T : struct
        where THandler : struct, IEventHandler<T>
        where TWait : struct, IWaitStrategy
    {
        RunOnThread($"Halt of {name}", Halt, processor.Halt);
        if (thread is not null)
        {
            Assert.False(thread.IsAlive, $"{name}: Halt returned but its thread is still alive");
        }
    }
}

/// <summary>Reads the kernel's view of a thread (Linux).</summary>
internal static class ProcStatus
{
    /// <summary>The <c>Cpus_allowed_list</c> line of <c>/proc/self/task/&lt;tid&gt;/status</c> (or of the process when <paramref name="tid"/> is null), trimmed.</summary>
    public static string CpusAllowedList(int? tid)
    {
        string path = tid is int t ? $"/proc/self/task/{t}/status" : "/proc/self/status";
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            {
                return line["Cpus_allowed_list:".Length..].Trim();
            }
        }

        throw new InvalidOperationException($"{path} has no Cpus_allowed_list line");
    }

    /// <summary>Expands a kernel CPU list such as "0-2,5" into its cores.</summary>
    public static List<int> ParseCpuList(string list)
    {
        var cores = new List<int>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                cores.Add(int.Parse(part, System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            int first = int.Parse(part[..dash], System.Globalization.CultureInfo.InvariantCulture);
            int last = int.Parse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            for (int core = first; core <= last; core++)
            {
                cores.Add(core);
            }
        }

        return cores;
    }
}

/// <summary>Collects a handler's consistency errors without throwing (a throw would stop the stage and stall the pipeline).</summary>
internal struct ErrorLog
{
    private long _count;
    private string? _first;

    public readonly long Count => _count;

    public readonly string? First => _first;

    public void Add(string message)
    {
        if (_count++ == 0)
        {
            _first = message;
        }
    }

    /// <summary>Asserts no error was logged, naming the stage and the first error.</summary>
    public readonly void AssertNone(string stage)
    {
        Assert.True(_count == 0, $"{stage}: {_count} consistency error(s), first: {_first}");
    }
}
