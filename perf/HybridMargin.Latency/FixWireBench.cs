using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HdrHistogram;
using HybridMargin.Fix.Client;

namespace HybridMargin.Latency;

/// <summary>
/// Wire-to-wire FIX latency over loopback: one client, at a fixed offered rate, sends a NewOrderSingle and times
/// the first ExecutionReport for it — against <c>hm serve</c> (risk check included) and against QuickFIX C++'s
/// <c>executor</c> example (fills every order, no check), alternating rounds in the same run.
/// </summary>
internal static class FixWireBench
{
    private const string ClientCompId = "CLIENT1";

    public static void Run(Report report, Settings settings, string repoRoot)
    {
        var work = Directory.CreateTempSubdirectory("hm-fixwire-");
        try
        {
            string executor = BuildExecutor(repoRoot, work.FullName);
            string hmDll = Path.Combine(repoRoot, "tools", "hm", "bin", "Release", "net10.0", "hm.dll");
            if (!File.Exists(hmDll))
            {
                throw new InvalidOperationException($"{hmDll} not found: run `dotnet build tools/hm -c Release` first");
            }

            int rate = settings.FixRate;
            int perRound = (int)(rate * settings.FixSeconds.TotalSeconds);
            report.Section(
                "FIX wire-to-wire over loopback (NewOrderSingle out → first ExecutionReport in)",
                $"one client thread, ping-pong at a fixed offered rate of {rate}/s (HdrHistogram with expected interval), {settings.FixRounds} alternating rounds of {perRound:N0} orders per server after {settings.FixWarmup:N0} warm-up orders; " +
                "each server started for its round and stopped after it (alone on the machine while measured); hm serve with the Blocking and the Yielding wait strategy, decisions on the risk thread, simulated venue filling every order (fill reports follow the New report); " +
                "QuickFIX 1.15.1 executor example (Debian libquickfix), FIX44.xml validation on, screen log off, fills every limit order in one report");

            // Each server runs alone while it is measured (started for its round, stopped after): a spinning risk
            // thread keeps a core awake and would speed up whatever else runs beside it.
            var blocking = Hist.Create();
            var yielding = Hist.Create();
            var theirs = Hist.Create();

            // ClOrdIDs stay unique across rounds: hm keeps partly filled orders live between connections.
            int first = 0;
            for (int round = 0; round < settings.FixRounds; round++)
            {
                foreach (var (wait, histogram) in new[] { ("Blocking", blocking), ("Yielding", yielding) })
                {
                    using var hm = StartHm(hmDll, repoRoot, work.FullName, wait);
                    Measure(hm.Port, "HM", perRound, rate, settings.FixWarmup, first, histogram);
                    first += settings.FixWarmup + perRound;
                }

                using var qf = StartExecutor(executor, work.FullName);
                Measure(qf.Port, "EXECUTOR", perRound, rate, settings.FixWarmup, first, theirs);
            }

            var elsewhere = GcCounts.NotCounted("the server is another process");
            report.Latency("hm serve --wait Blocking: NOS → ER New (risk check included)", blocking, collections: elsewhere);
            var a = report.Latency("hm serve --wait Yielding: NOS → ER New (risk check included)", yielding, collections: elsewhere);
            var b = report.Latency("QuickFIX C++ executor: NOS → ER Fill (no check)", theirs, collections: elsewhere);
            settings.FixOursP50 = a.P50;
            settings.FixExecutorP50 = b.P50;
            Report.Note(string.Create(CultureInfo.InvariantCulture, $"p50 ratio hm serve (Yielding) / executor = {(double)a.P50 / b.P50:F2} (target ≤ 1.00); hm serve (Blocking) / executor = {(double)blocking.GetValueAtPercentile(50) / b.P50:F2}"));
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Measure(int port, string target, int count, int rate, int warmup, int first, LongHistogram histogram)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        var conversation = new FixOrderClient(socket, ClientCompId, target);
        conversation.Logon();
        for (int i = 0; i < warmup; i++)
        {
            conversation.RoundTrip(first + i);
        }

        long interval = Stopwatch.Frequency / rate;
        long intervalNanos = 1_000_000_000L / rate;
        long next = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            next += interval;
            long start = Stopwatch.GetTimestamp();
            conversation.RoundTrip(first + warmup + i);
            long end = Stopwatch.GetTimestamp();
            histogram.RecordValueWithExpectedInterval(Math.Clamp(Hist.ToNanos(end - start), 0, Hist.MaxTrackableNanos), intervalNanos);
            WaitUntil(next);
        }

        conversation.Logout();
    }

    // Sleep most of the gap (two cores: a spinning client would steal the server's core), spin only the last bit.
    private static void WaitUntil(long timestamp)
    {
        while (true)
        {
            long left = timestamp - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            if (left > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private static string BuildExecutor(string repoRoot, string work)
    {
        string output = Path.Combine(Path.GetTempPath(), "hm-quickfix-build");
        var build = Process.Start(new ProcessStartInfo("bash", [Path.Combine(repoRoot, "tests", "interop", "quickfix", "build.sh"), output]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string err = build.StandardError.ReadToEnd();
        build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building QuickFIX's executor failed ({build.ExitCode}): {err}");
        }

        _ = work;
        return Path.Combine(output, "executor");
    }

    private static Server StartHm(string hmDll, string repoRoot, string work, string wait)
    {
        // The sample book with limits lifted, so that a long run of orders is accepted (what is timed is the accept path).
        var book = JsonNode.Parse(File.ReadAllText(Path.Combine(repoRoot, "samples", "book.json")))!;
        foreach (var account in book["accounts"]!.AsArray())
        {
            var limits = account!["limits"]!.AsObject();
            limits["maxOrdersPerSecond"] = 1_000_000;
            limits["maxOpenOrders"] = 100_000;
        }

        string bookPath = Path.Combine(work, "book.json");
        File.WriteAllText(bookPath, book.ToJsonString());
        string sessions = Path.Combine(work, "sessions.json");
        File.WriteAllText(sessions, $$"""{ "storeDirectory": "{{Path.Combine(work, "hm-store")}}", "limits": { "maxMessagesPerSecond": 1000000 }, "sessions": [ { "senderCompId": "HM", "targetCompId": "{{ClientCompId}}", "accounts": ["*"] } ] }""");
        var process = Process.Start(new ProcessStartInfo("dotnet", [hmDll, "serve", "--book", bookPath, "--port", "0", "--sessions", sessions, "--fill-share", "1", "--wait", wait])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        while (true)
        {
            string? line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("hm serve exited: " + process.StandardError.ReadToEnd());
            int at = line.IndexOf("listening on ", StringComparison.Ordinal);
            if (at >= 0)
            {
                string endpoint = line[(at + 13)..].Split(';')[0];
                int port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
                _ = Task.Run(() => process.StandardOutput.ReadToEnd());
                _ = Task.Run(() => process.StandardError.ReadToEnd());
                return new Server(process, port);
            }
        }
    }

    private static Server StartExecutor(string executor, string work)
    {
        int port = FreePort();
        string dictionary = Path.Combine(work, "..", "FIX44.xml");
        string[] candidates = [Path.Combine(AppContext.BaseDirectory, "FIX44.xml"), "/work/shared/fix/FIX44.xml"];
        dictionary = candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("FIX44.xml not found");
        string config = Path.Combine(work, "executor.cfg");
        File.WriteAllText(config, string.Join('\n',
            "[DEFAULT]", "ConnectionType=acceptor", $"SocketAcceptPort={port}", "SocketReuseAddress=Y", "SocketNodelay=Y", "StartTime=00:00:00", "EndTime=00:00:00",
            $"FileStorePath={Path.Combine(work, "qf-store")}", "UseDataDictionary=Y", $"DataDictionary={dictionary}", "ResetOnLogon=Y", "ResetOnLogout=Y", "ResetOnDisconnect=Y",
            "ScreenLogShowIncoming=N", "ScreenLogShowOutgoing=N", "ScreenLogShowEvents=N",
            "[SESSION]", "BeginString=FIX.4.4", "SenderCompID=EXECUTOR", $"TargetCompID={ClientCompId}", ""));
        var process = Process.Start(new ProcessStartInfo(executor, [config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _ = Task.Run(() => process.StandardOutput.ReadToEnd());
        _ = Task.Run(() => process.StandardError.ReadToEnd());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return new Server(process, port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Server(Process process, int port) : IDisposable
    {
        public int Port => port;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }
    }
}
