using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HybridMargin.Books;
using HybridMargin.Fix;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Session;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;
using HybridMargin.Tests.Support;

namespace HybridMargin.Tests.Fix.Allocation;

/// <summary>
/// The steady-state inbound path on the thread that runs it — parse, session checks, the gate's decision (waited
/// for), the ExecutionReport encoded, stored and written to the socket — allocates nothing. (The gate's own threads
/// are covered by the gate's zero-allocation tests.)
/// </summary>
[Collection("Ring")]
public sealed class SessionZeroAllocationTests
{
    private const int Orders = 10_000;

    [Fact]
    public void Handling_new_orders_from_parse_to_execution_report_allocates_nothing_on_the_session_thread()
    {
        var book = BookLoader.Parse(LiftedLimits());
        using var storeDirectory = new Journal.TempDirectory();
        string store = storeDirectory.Path;
        using var gate = new RiskGate(book, new GateOptions { ReplyOnRiskThread = true, WaitStrategy = WaitStrategyKind.Yielding });
        var limits = new FixLimits { MaxMessagesPerSecond = 10_000_000 };
        var settings = new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"] };
        using var session = new FixSession(settings, limits, gate, new FixDirectory(book), new NoVenue(), NullFixLog.Instance, store);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        var connection = new FixConnection(listener.Accept(), limits);
        Assert.True(session.TryAttach(connection));

        // The client side only reads (and discards) what the session writes, so the socket never fills up.
        using var stop = new CancellationTokenSource();
        long received = 0;
        var drain = new Thread(() =>
        {
            var buffer = new byte[1 << 16];
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    int n = client.Receive(buffer);
                    if (n == 0)
                    {
                        return;
                    }

                    Interlocked.Add(ref received, n);
                }
                catch (SocketException)
                {
                    return;
                }
            }
        }) { IsBackground = true };
        drain.Start();

        gate.Start();
        try
        {
            var feeder = new Feeder(session, connection);
            feeder.Logon();
            Assert.True(session.IsLoggedOn);
            int next = 0;
            long bytes = Allocations.Measure(() =>
            {
                for (int i = 0; i < Orders; i++)
                {
                    feeder.Order(next++);
                }
            }, warmups: 2);
            Assert.Equal(3L * Orders, session.LiveOrders);
            Assert.True(bytes == 0, $"expected no allocation on the session thread over {Orders:N0} orders, measured {bytes:N0} bytes");
            Assert.True(Interlocked.Read(ref received) > 0);
        }
        finally
        {
            stop.Cancel();
            connection.Close("test over");
            client.Dispose();
            gate.Stop();
            drain.Join(TimeSpan.FromSeconds(5));
        }
    }

    private static string LiftedLimits()
    {
        var json = JsonNode.Parse(BookLoader.SampleJson())!;
        foreach (var account in json["accounts"]!.AsArray())
        {
            var limits = account!["limits"]!.AsObject();
            limits["maxOrdersPerSecond"] = 10_000_000;
            limits["maxOpenOrders"] = 100_000;
            limits.Remove("maxPosition");
        }

        return json.ToJsonString();
    }

    /// <summary>Builds client messages with the codec (allocation-free) and hands them to the session as its read loop would.</summary>
    private sealed class Feeder(FixSession session, FixConnection connection)
    {
        private readonly FixWriter _writer = new(4096);
        private readonly FixMessage _message = new();
        private readonly byte[] _bytes = new byte[4096];
        private readonly byte[] _clOrdId = new byte[16];
        private long _seq = 1;

        public void Logon()
        {
            Begin("A"u8);
            _writer.Add(98, 0L);
            _writer.Add(FixTag.HeartBtInt, 30L);
            _writer.Add(FixTag.ResetSeqNumFlag, 'Y');
            Deliver();
        }

        public void Order(int n)
        {
            n.TryFormat(_clOrdId, out int length, default, CultureInfo.InvariantCulture);
            Begin("D"u8);
            _writer.Add(FixTag.Account, "BASIS1"u8);
            _writer.Add(FixTag.ClOrdId, _clOrdId.AsSpan(0, length));
            _writer.Add(FixTag.Symbol, "BTC-PERP"u8);
            _writer.Add(FixTag.Side, (n & 1) == 0 ? '1' : '2');
            _writer.Add(FixTag.OrderQty, 0.001);
            _writer.Add(FixTag.OrdType, '2');
            _writer.Add(FixTag.Price, 90000.0);
            _writer.AddTimestamp(FixTag.TransactTime, DateTime.UtcNow);
            Deliver();
        }

        private void Begin(ReadOnlySpan<byte> type)
        {
            _writer.Begin(type);
            _writer.Add(FixTag.SenderCompId, "CLIENT1"u8);
            _writer.Add(FixTag.TargetCompId, "HM"u8);
            _writer.Add(FixTag.MsgSeqNum, _seq++);
            _writer.AddTimestamp(FixTag.SendingTime, DateTime.UtcNow);
        }

        private void Deliver()
        {
            var raw = _writer.Complete();
            raw.CopyTo(_bytes);
            var result = FixParser.Parse(_bytes.AsMemory(0, raw.Length), _message, _bytes.Length);
            if (result.Status != FixParseStatus.Complete || !session.OnMessage(connection, result, _message))
            {
                throw new InvalidOperationException($"message refused: {result.Error}");
            }
        }
    }

    private sealed class NoVenue : IOrderSink
    {
        public void OnAccepted(in RoutedOrder order)
        {
        }

        public void OnReplaced(in RoutedOrder order)
        {
        }

        public void OnCancelled(long orderId)
        {
        }
    }
}
