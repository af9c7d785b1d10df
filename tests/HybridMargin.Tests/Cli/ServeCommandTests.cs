using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Cli;

public sealed partial class ServeCommandTests : IDisposable
{
    private static readonly string SampleBook = Path.Combine(AppContext.BaseDirectory, "samples", "book.json");
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hm-serve-" + Guid.NewGuid().ToString("N"));

    public ServeCommandTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Serves_orders_on_the_port_it_prints_and_stops_on_sigint_after_logging_the_sessions_out()
    {
        string sessions = WriteSessions();
        using var serve = ServeProcess.Start("serve", "--book", SampleBook, "--port", "0", "--sessions", sessions, "--fill-share", "0");
        var endpoint = serve.WaitForEndPoint();
        Assert.Equal(IPAddress.Loopback, endpoint.Address);
        Assert.Contains(Path.Combine(_dir, "store"), serve.Stdout, StringComparison.Ordinal);

        using var client = FixTestClient.Connect(endpoint);
        client.Logon();
        client.Order("A1", "BASIS1", "BTC-PERP", '1', 1, 90000);
        Assert.Equal("0", client.WaitFor("8", Patience, (11, "A1")).Get(150));
        client.Order("A2", "BASIS1", "BTC-PERP", '1', 1000, 90000);
        Assert.Equal("3", client.WaitFor("8", Patience, (11, "A2")).Get(103));

        serve.Interrupt();

        Assert.Equal("server shutting down", client.WaitFor("5", Patience).Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
        Assert.True(serve.WaitForExit(Startup), "hm serve did not exit after SIGINT");
        Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}; stderr: {serve.Stderr}");
        Assert.Contains("hm serve: stopped", serve.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "store", "HM-CLIENT1.seqnums")), "no session store was written");
    }

    [Fact]
    public void Stops_with_exit_code_zero_on_sigint_while_a_connection_has_not_logged_on()
    {
        string sessions = WriteSessions();
        using var serve = ServeProcess.Start("serve", "--book", SampleBook, "--port", "0", "--sessions", sessions);
        var endpoint = serve.WaitForEndPoint();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Connect(endpoint);

        serve.Interrupt();

        Assert.True(serve.WaitForExit(Startup), "hm serve did not exit after SIGINT");
        Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}; stdout: {serve.Stdout}; stderr: {serve.Stderr}");
        Assert.Contains("hm serve: stopped", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restarted_server_continues_the_sessions_sequence_numbers()
    {
        string sessions = WriteSessions();
        int clientNext;
        using (var first = ServeProcess.Start("serve", "--book", SampleBook, "--port", "0", "--sessions", sessions, "--fill-share", "0"))
        {
            using var client = FixTestClient.Connect(first.WaitForEndPoint());
            client.Logon();
            client.Order("A1", "BASIS1", "BTC-PERP", '1', 1, 90000);
            client.WaitFor("8", Patience, (11, "A1"));
            first.Interrupt();
            Assert.Equal("3", client.WaitFor("5", Patience).Get(34));
            clientNext = client.NextSeq;
            Assert.True(first.WaitForExit(Startup), "hm serve did not exit after SIGINT");
        }

        using var second = ServeProcess.Start("serve", "--book", SampleBook, "--port", "0", "--sessions", sessions, "--fill-share", "0");
        var endpoint = second.WaitForEndPoint();
        // The session lines follow the listening line: wait for them rather than race the output reader.
        SpinWait.SpinUntil(() => second.Stdout.Contains("session HM->CLIENT1", StringComparison.Ordinal), Startup);
        Assert.Contains("session HM->CLIENT1: accounts *; next seq out 4, in 3", second.Stdout, StringComparison.Ordinal);
        using var again = FixTestClient.Connect(endpoint);
        again.NextSeq = clientNext;
        Assert.Equal("4", again.Logon(reset: false).Get(34));
        second.Interrupt();
        Assert.True(second.WaitForExit(Startup), "hm serve did not exit after SIGINT");
    }

    [Fact]
    public void Exits_2_with_the_error_on_stderr_when_the_book_cannot_be_read()
    {
        string missing = Path.Combine(_dir, "no-such-book.json");

        var (code, stdout, stderr) = HmProcess.Run("serve", "--book", missing, "--port", "0", "--sessions", WriteSessions());

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("no-such-book.json", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_2_naming_the_json_path_when_the_sessions_file_is_invalid()
    {
        string sessions = Path.Combine(_dir, "bad-sessions.json");
        File.WriteAllText(sessions, """{ "sessions": [ { "senderCompId": "HM", "targetCompId": "CLIENT1", "accounts": [] } ] }""");

        var (code, stdout, stderr) = HmProcess.Run("serve", "--book", SampleBook, "--port", "0", "--sessions", sessions);

        Assert.Equal(2, code);
        Assert.Contains("$.sessions[0].accounts", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_2_when_a_session_names_an_account_the_book_does_not_have()
    {
        string sessions = Path.Combine(_dir, "sessions.json");
        File.WriteAllText(sessions, """{ "storeDirectory": "store", "sessions": [ { "senderCompId": "HM", "targetCompId": "CLIENT1", "accounts": ["NOBODY"] } ] }""");

        var (code, _, stderr) = HmProcess.Run("serve", "--book", SampleBook, "--port", "0", "--sessions", sessions);

        Assert.Equal(2, code);
        Assert.Contains("NOBODY", stderr, StringComparison.Ordinal);
    }

    private string WriteSessions()
    {
        string path = Path.Combine(_dir, "sessions.json");
        File.WriteAllText(path, """{ "storeDirectory": "store", "sessions": [ { "senderCompId": "HM", "targetCompId": "CLIENT1", "accounts": ["*"] } ] }""");
        return path;
    }

    [GeneratedRegex(@"listening on (\d+\.\d+\.\d+\.\d+):(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>The real <c>hm</c> as a long-running child process whose output is collected as it comes.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Lock _lock = new();
        private readonly System.Text.StringBuilder _stdout = new();
        private readonly System.Text.StringBuilder _stderr = new();

        private ServeProcess(Process process)
        {
            _process = process;
        }

        public string Stdout
        {
            get
            {
                lock (_lock)
                {
                    return _stdout.ToString();
                }
            }
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

        public int ExitCode => _process.ExitCode;

        public static ServeProcess Start(params string[] args)
        {
            var process = new Process { StartInfo = HmProcess.StartInfo(args) };
            var serve = new ServeProcess(process);
            process.OutputDataReceived += (_, e) => serve.Append(serve._stdout, e.Data);
            process.ErrorDataReceived += (_, e) => serve.Append(serve._stderr, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return serve;
        }

        /// <summary>Waits for the "listening on ADDRESS:PORT" line.</summary>
        public IPEndPoint WaitForEndPoint()
        {
            var deadline = DateTime.UtcNow + Startup;
            while (DateTime.UtcNow < deadline)
            {
                var match = ListeningLine().Match(Stdout);
                if (match.Success)
                {
                    return new IPEndPoint(IPAddress.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
                }

                if (_process.HasExited)
                {
                    break;
                }

                Thread.Sleep(50);
            }

            throw new Xunit.Sdk.XunitException($"hm serve printed no listening line; stdout: {Stdout}; stderr: {Stderr}");
        }

        /// <summary>Sends SIGINT, as Ctrl+C in a terminal would.</summary>
        public void Interrupt()
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                return false;
            }

            // Lets the asynchronous readers deliver the last lines.
            _process.WaitForExit();
            return true;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        private void Append(System.Text.StringBuilder to, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lock)
            {
                to.AppendLine(line);
            }
        }
    }
}
