using System.Diagnostics;

namespace HybridMargin.Tests.Cli;

/// <summary>Runs the real <c>hm</c> executable (built beside the tests) as a child process.</summary>
internal static class HmProcess
{
    /// <summary>How to start <c>dotnet hm.dll ARGS</c> with stdout and stderr redirected, in the temp directory.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hm.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = StartInfo(args);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("hm did not exit within 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
