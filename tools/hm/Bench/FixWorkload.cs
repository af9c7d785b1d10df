using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HybridMargin.Books;
using HybridMargin.Fix;
using HybridMargin.Fix.Client;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;

namespace HybridMargin.Cli.Bench;

/// <summary>
/// FIX 4.4 over loopback: an in-process FixAcceptor in front of a Blocking gate (sample book with the rate and
/// open-order limits lifted, simulated venue filling every order) and a blocking-socket client built with the
/// codec; one event = NewOrderSingle sent → first ExecutionReport for it parsed. Buys and sells alternate.
/// </summary>
internal sealed class FixWorkload : Workload
{
    private int _first;

    public override string Name => "fix-nos-to-er";

    public override string Description => "FIX NewOrderSingle → first ExecutionReport over loopback, in-process acceptor, gate Blocking with reply on the risk thread, venue fills every order";

    public override RepeatMeasurement RunRepeat(BenchSettings settings)
    {
        string store = Path.Combine(Path.GetTempPath(), "hm-bench-fix-" + Guid.NewGuid().ToString("N"));
        var book = JsonNode.Parse(BookLoader.SampleJson())!;
        foreach (var account in book["accounts"]!.AsArray())
        {
            var limits = account!["limits"]!.AsObject();
            limits["maxOrdersPerSecond"] = 1_000_000;
            limits["maxOpenOrders"] = 100_000;
        }

        using var gate = new RiskGate(BookLoader.Parse(book.ToJsonString()), new GateOptions { WaitStrategy = WaitStrategyKind.Blocking, ReplyOnRiskThread = true, RingSize = 1 << 14 });
        using var venue = new SimulatedVenue(SimulatedVenue.MarksOf(gate.Engine), fillShare: 1, partialShare: 0);
        var serverSettings = new FixServerSettings
        {
            Sessions = [new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"] }],
            Limits = new FixLimits { MaxMessagesPerSecond = 1_000_000 },
            StoreDirectory = store,
        };
        var acceptor = new FixAcceptor(gate, serverSettings, venue, NullFixLog.Instance);
        gate.Start();
        try
        {
            acceptor.Start(new IPEndPoint(IPAddress.Loopback, 0));
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(acceptor.LocalEndPoint!);
            var conversation = new FixOrderClient(socket, "CLIENT1", "HM");
            conversation.Logon();
            var loop = new Loop(conversation, _first);
            var m = Measure.Run(loop, 2_000, settings.Duration, long.MaxValue, settings.PerEvent);
            _first = loop.Next;
            conversation.Logout();
            return m;
        }
        finally
        {
            acceptor.StopAsync(TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
            gate.Stop();
            try
            {
                Directory.Delete(store, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class Loop(FixOrderClient conversation, int first) : EventLoop
    {
        public int Next { get; private set; } = first;

        public override void Timed(long n) => conversation.RoundTrip(Next++);
    }
}
