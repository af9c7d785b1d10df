using System.Diagnostics;
using System.Text;

namespace HybridMargin.Tests.Journal.Crash;

/// <summary><c>hm demo</c> as a child process (the real hm.dll built beside the tests), to be killed mid-flow.</summary>
internal sealed class DemoChild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private DemoChild(Process process)
    {
        _process = process;
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static DemoChild Start(IEnumerable<string> args)
    {
        var process = new Process { StartInfo = Cli.HmProcess.StartInfo(args) };
        var child = new DemoChild(process);
        // Stdout is drained (a full pipe would stall the demo's progress printing) but not kept.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._lock)
                {
                    child._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <paramref name="decisionLog"/> holds a decision: the gate has recovered and is deciding.</summary>
    public bool WaitForFirstDecision(string decisionLog, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            if (File.Exists(decisionLog) && new FileInfo(decisionLog).Length > 0)
            {
                return true;
            }

            Thread.Sleep(2);
        }

        return false;
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux); returns the exit code, 137 = 128 + SIGKILL.</summary>
    public int Kill()
    {
        _process.Kill();
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
