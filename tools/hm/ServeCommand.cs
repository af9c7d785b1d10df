using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using HybridMargin.Books;
using HybridMargin.Fix;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;

namespace HybridMargin.Cli;

/// <summary><c>hm serve --book BOOK [--port N] [--sessions FILE]</c>: the FIX 4.4 acceptor in front of the gate (SPEC §8).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var book = new Option<string>("--book") { Description = "Path of the book (JSON, SPEC §3).", Required = true };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port, printed at start).", DefaultValueFactory = _ => 9878 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var sessions = new Option<string?>("--sessions") { Description = "Sessions file (JSON). Default: one session HM<-CLIENT trading every account, store in ./fix-store." };
        var fillShare = new Option<double>("--fill-share") { Description = "Share of accepted orders the simulated venue fills at the mark.", DefaultValueFactory = _ => 0.5 };
        var wait = new Option<WaitStrategyKind>("--wait") { Description = "Wait strategy of the gate's stages.", DefaultValueFactory = _ => WaitStrategyKind.Blocking };
        var command = new Command("serve", "FIX 4.4 acceptor: orders are checked by the gate; rejects answered with ExecutionReports, accepted orders go to a simulated venue.")
        {
            book, port, bind, sessions, fillShare, wait,
        };
        command.SetAction((parse, token) => RunAsync(parse.GetValue(book)!, parse.GetValue(bind)!, parse.GetValue(port), parse.GetValue(sessions), parse.GetValue(fillShare), parse.GetValue(wait), token));
        return command;
    }

    private static async Task<int> RunAsync(string bookPath, string bindAddress, int port, string? sessionsPath, double fillShare, WaitStrategyKind wait, CancellationToken token)
    {
        // Run socket completions (our read loops) on the socket engine's thread instead of queueing them to the thread
        // pool: one thread wake-up less per inbound message. Safe here because a read loop never blocks for long (the
        // gate answers a full ring with Saturated at once). Read once, when the first socket is created; set it to 0 to opt out.
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }

        Book book;
        FixServerSettings settings;
        try
        {
            book = BookLoader.Load(bookPath);
            settings = sessionsPath is null
                ? new FixServerSettings
                {
                    Sessions = [new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT", Accounts = ["*"] }],
                    StoreDirectory = Path.GetFullPath("fix-store"),
                }
                : FixSettingsLoader.Load(sessionsPath);
        }
        catch (Exception e) when (e is BookException or FixConfigurationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (!IPAddress.TryParse(bindAddress, out var address) || port is < 0 or > 65535)
        {
            Console.Error.WriteLine($"error: cannot listen on {bindAddress}:{port}");
            return 2;
        }

        if (fillShare is < 0 or > 1)
        {
            Console.Error.WriteLine($"error: --fill-share {fillShare} is outside 0..1");
            return 2;
        }

        using var gate = new RiskGate(book, new GateOptions { WaitStrategy = wait, ReplyOnRiskThread = true, RingSize = 1 << 14 });
        using var venue = new SimulatedVenue(SimulatedVenue.MarksOf(gate.Engine), fillShare);
        var log = new TextFixLog(Console.Out);
        FixAcceptor acceptor;
        try
        {
            acceptor = new FixAcceptor(gate, settings, venue, log);
        }
        catch (FixConfigurationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        gate.Start();
        try
        {
            acceptor.Start(new IPEndPoint(address, port));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"error: cannot listen on {address}:{port}: {e.Message}");
            await acceptor.StopAsync(TimeSpan.Zero);
            return 2;
        }

        Console.WriteLine($"hm serve: listening on {acceptor.LocalEndPoint}; book {bookPath} ({book.Accounts.Count} accounts, {book.Instruments.Count} instruments); store {settings.StoreDirectory}");
        foreach (var session in acceptor.Sessions)
        {
            Console.WriteLine($"  session {session.Name}: accounts {string.Join(",", session.Settings.Accounts)}; next seq out {session.NextSenderSeq}, in {session.NextTargetSeq}{(session.Settings.CancelOnDisconnect ? "; cancel on disconnect" : "")}");
        }

        Console.Out.Flush();
        var stopped = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        using var registration = token.Register(() => stopped.TrySetResult());
        await stopped.Task;
        Console.WriteLine("hm serve: stopping (logging sessions out)");
        await acceptor.StopAsync(TimeSpan.FromSeconds(2));
        gate.Stop();
        Console.WriteLine($"hm serve: stopped; venue fills {venue.Fills}");
        return 0;
    }
}
