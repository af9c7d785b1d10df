using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HybridMargin.Tests.Fix.Interop;

/// <summary>
/// The scripted QuickFIX C++ initiator of tests/interop/quickfix (see its README.md): builds it once per test run
/// with build.sh, writes its settings, runs it against an acceptor and collects what it printed.
/// </summary>
internal static class QuickFixClient
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static string? _executable;

    /// <summary>The repository root: the first directory above the test binaries that holds HybridMargin.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>tests/interop/quickfix: the client's sources, build.sh and the FIX44.xml data dictionary.</summary>
    public static string SourceDirectory => Path.Combine(RepositoryRoot, "tests", "interop", "quickfix");

    /// <summary>
    /// QuickFIX's FIX 4.4 data dictionary: HM_FIX44_XML if set, else the copy shipped next to the client, else the
    /// shared one beside the repository (../shared/fix/FIX44.xml). Fails the test when none exists.
    /// </summary>
    public static string Fix44Dictionary()
    {
        string? configured = Environment.GetEnvironmentVariable("HM_FIX44_XML");
        string[] candidates =
        [
            .. configured is { Length: > 0 } ? [configured] : Array.Empty<string>(),
            Path.Combine(SourceDirectory, "FIX44.xml"),
            Path.Combine(RepositoryRoot, "..", "shared", "fix", "FIX44.xml"),
        ];
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        Assert.Fail($"QuickFIX FIX 4.4 data dictionary not found; looked at: {string.Join(", ", candidates)}");
        return string.Empty;
    }

    /// <summary>
    /// Builds the client (build.sh only recompiles what is out of date) into the test output directory and returns
    /// its path. A failed build fails the test with build.sh's message: CI installs QuickFIX, so nothing is skipped.
    /// </summary>
    public static async Task<string> BuildAsync()
    {
        await BuildLock.WaitAsync();
        try
        {
            if (_executable is not null)
            {
                return _executable;
            }

            string output = Path.Combine(AppContext.BaseDirectory, "quickfix-build");
            string script = Path.Combine(SourceDirectory, "build.sh");
            var result = await RunProcessAsync("bash", [script, output], TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                string hint = result.ExitCode == 3
                    ? "QuickFIX C++ is missing (CI's .ci/run installs it: apt-get install libquickfix-dev libquickfix-doc g++). "
                    : string.Empty;
                Assert.Fail($"{hint}build.sh {output} failed with exit code {result.ExitCode}:\n{result.StandardError}\n{result.StandardOutput}");
            }

            string client = Path.Combine(output, "client");
            Assert.True(File.Exists(client), $"build.sh succeeded but {client} does not exist");
            _executable = client;
            return client;
        }
        finally
        {
            BuildLock.Release();
        }
    }

    /// <summary>Writes a QuickFIX initiator settings file for one FIX 4.4 session to 127.0.0.1:<paramref name="port"/>.</summary>
    public static string WriteSettings(string directory, int port, int heartbeatSeconds, string dictionary, string sender = "CLIENT1", string target = "HM")
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "client.cfg");
        string text = string.Create(CultureInfo.InvariantCulture, $"""
            [DEFAULT]
            ConnectionType=initiator
            SocketConnectHost=127.0.0.1
            SocketConnectPort={port}
            HeartBtInt={heartbeatSeconds}
            ReconnectInterval=1
            StartTime=00:00:00
            EndTime=00:00:00
            FileStorePath={Path.Combine(directory, "store")}
            FileLogPath={Path.Combine(directory, "log")}
            UseDataDictionary=Y
            DataDictionary={dictionary}
            ResetOnLogon=Y

            [SESSION]
            BeginString=FIX.4.4
            SenderCompID={sender}
            TargetCompID={target}

            """);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the client with a settings file and a script; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<QuickFixRun> RunAsync(string client, string settings, string script, TimeSpan timeout)
    {
        var result = await RunProcessAsync(client, [settings, script], timeout);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        return new QuickFixRun(result.ExitCode, result.TimedOut, lines, result.StandardError);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HybridMargin.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"HybridMargin.sln not found above {AppContext.BaseDirectory}");
    }

    private static async Task<ProcessResult> RunProcessAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool timedOut = false;
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
            }
        }

        // Drains the redirected streams to their end.
        await process.WaitForExitAsync();
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(timedOut ? -1 : process.ExitCode, timedOut, stdout.ToString(), stderr.ToString());
            }
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }

    private readonly record struct ProcessResult(int ExitCode, bool TimedOut, string StandardOutput, string StandardError);
}
