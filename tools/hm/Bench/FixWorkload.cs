using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HybridMargin.Books;
using HybridMargin.Fix;
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
            var conversation = new Conversation(socket);
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

    private sealed class Loop(Conversation conversation, int first) : EventLoop
    {
        public int Next { get; private set; } = first;

        public override void Timed(long n) => conversation.RoundTrip(Next++);
    }

    /// <summary>A minimal FIX initiator on a blocking socket (our codec writes and parses).</summary>
    private sealed class Conversation(Socket socket)
    {
        private static readonly byte[] Sender = Encoding.ASCII.GetBytes("CLIENT1");
        private static readonly byte[] Target = Encoding.ASCII.GetBytes("HM");
        private readonly FixWriter _writer = new(4096);
        private readonly FixMessage _message = new();
        private readonly byte[] _buffer = new byte[1 << 16];
        private readonly byte[] _clOrdId = new byte[20];
        private int _start;
        private int _end;
        private long _seq = 1;

        public void Logon()
        {
            Begin("A"u8);
            _writer.Add(98, 0L);
            _writer.Add(FixTag.HeartBtInt, 30L);
            _writer.Add(FixTag.ResetSeqNumFlag, 'Y');
            Send();
            Await("A"u8, default);
        }

        public void Logout()
        {
            Begin("5"u8);
            Send();
            Await("5"u8, default);
        }

        public void RoundTrip(int n)
        {
            n.TryFormat(_clOrdId, out int length, default, CultureInfo.InvariantCulture);
            var clOrdId = _clOrdId.AsSpan(0, length);
            Begin("D"u8);
            _writer.Add(FixTag.Account, "BASIS1"u8);
            _writer.Add(FixTag.ClOrdId, clOrdId);
            _writer.Add(FixTag.HandlInst, '1');
            _writer.Add(FixTag.Symbol, "BTC-PERP"u8);
            _writer.Add(FixTag.Side, (n & 1) == 0 ? '1' : '2');
            _writer.Add(FixTag.OrderQty, 0.01);
            _writer.Add(FixTag.OrdType, '2');
            _writer.Add(FixTag.Price, 90000.0);
            _writer.Add(FixTag.TimeInForce, '0');
            _writer.AddTimestamp(FixTag.TransactTime, DateTime.UtcNow);
            Send();
            Await("8"u8, clOrdId);
        }

        private void Begin(ReadOnlySpan<byte> type)
        {
            _writer.Begin(type);
            _writer.Add(FixTag.SenderCompId, Sender);
            _writer.Add(FixTag.TargetCompId, Target);
            _writer.Add(FixTag.MsgSeqNum, _seq++);
            _writer.AddTimestamp(FixTag.SendingTime, DateTime.UtcNow);
        }

        private void Send()
        {
            var bytes = _writer.Complete();
            int sent = 0;
            while (sent < bytes.Length)
            {
                sent += socket.Send(bytes[sent..]);
            }
        }

        private void Await(ReadOnlySpan<byte> type, ReadOnlySpan<byte> clOrdId)
        {
            while (true)
            {
                var parsed = FixParser.Parse(_buffer.AsMemory(_start, _end - _start), _message, _buffer.Length);
                if (parsed.Status == FixParseStatus.Complete)
                {
                    _start += parsed.Length;
                    if (_message.MsgType.SequenceEqual(type) && (clOrdId.IsEmpty || _message.Get(FixTag.ClOrdId).SequenceEqual(clOrdId)))
                    {
                        if (_message.IsType((byte)'8') && _message.Get(FixTag.ExecType).SequenceEqual("8"u8))
                        {
                            throw new InvalidOperationException($"hm rejected a bench order: {Encoding.ASCII.GetString(_message.Raw).Replace('\u0001', '|')}");
                        }

                        return;
                    }

                    if (_message.IsType((byte)'3') || _message.IsType((byte)'j'))
                    {
                        throw new InvalidOperationException($"hm rejected a message: {Encoding.ASCII.GetString(_message.Raw).Replace('\u0001', '|')}");
                    }

                    continue;
                }

                if (parsed.Status == FixParseStatus.Error)
                {
                    throw new InvalidOperationException($"hm sent bytes we cannot parse: {parsed.Error}");
                }

                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                int n = socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
                if (n == 0)
                {
                    throw new InvalidOperationException("hm closed the connection");
                }

                _end += n;
            }
        }
    }
}
