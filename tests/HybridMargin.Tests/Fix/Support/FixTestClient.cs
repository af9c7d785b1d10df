using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HybridMargin.Tests.Fix.Support;

/// <summary>
/// A deliberately simple FIX client for tests, independent of the production codec: it builds messages with
/// string concatenation and its own BodyLength/CheckSum arithmetic, and splits what it receives by BodyLength.
/// </summary>
internal sealed class FixTestClient : IDisposable
{
    private const char Soh = '\u0001';
    private readonly Socket _socket;
    private readonly List<FixReceived> _received = [];
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[1 << 16];

    private FixTestClient(Socket socket, string sender, string target)
    {
        _socket = socket;
        Sender = sender;
        Target = target;
    }

    public string Sender { get; }

    public string Target { get; }

    /// <summary>MsgSeqNum of the next message <see cref="Send"/> builds.</summary>
    public int NextSeq { get; set; } = 1;

    public IReadOnlyList<FixReceived> Received => _received;

    public static FixTestClient Connect(IPEndPoint endpoint, string sender = "CLIENT1", string target = "HM")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endpoint);
        return new FixTestClient(socket, sender, target);
    }

    /// <summary>Builds a complete message: header (35, 49, 56, 34, 52), the given body fields in order, BodyLength and CheckSum.</summary>
    public static string Build(string msgType, string sender, string target, int seq, params (int Tag, string Value)[] body)
    {
        var inner = new StringBuilder();
        inner.Append(CultureInfo.InvariantCulture, $"35={msgType}{Soh}49={sender}{Soh}56={target}{Soh}34={seq}{Soh}52={Now()}{Soh}");
        foreach (var (tag, value) in body)
        {
            inner.Append(CultureInfo.InvariantCulture, $"{tag}={value}{Soh}");
        }

        return Frame(inner.ToString());
    }

    /// <summary>Wraps a body (from 35= on, each field ending in SOH) with BeginString, BodyLength and CheckSum.</summary>
    public static string Frame(string body)
    {
        string head = $"8=FIX.4.4{Soh}9={Encoding.ASCII.GetByteCount(body)}{Soh}";
        int sum = 0;
        foreach (byte b in Encoding.ASCII.GetBytes(head + body))
        {
            sum += b;
        }

        return head + body + $"10={sum % 256:000}{Soh}";
    }

    public static string Now() => DateTime.UtcNow.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Sends a message with the next sequence number.</summary>
    public void Send(string msgType, params (int Tag, string Value)[] body) => SendRaw(Build(msgType, Sender, Target, NextSeq++, body));

    public void SendRaw(string message) => SendRaw(Encoding.ASCII.GetBytes(message));

    public void SendRaw(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += _socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }
    }

    /// <summary>Logs on (ResetSeqNumFlag unless told otherwise) and waits for the acceptor's Logon.</summary>
    public FixReceived Logon(int heartbeat = 30, bool reset = true, string? password = null)
    {
        var fields = new List<(int, string)> { (98, "0"), (108, heartbeat.ToString(CultureInfo.InvariantCulture)) };
        if (reset)
        {
            fields.Add((141, "Y"));
        }

        if (password is not null)
        {
            fields.Add((554, password));
        }

        Send("A", [.. fields]);
        return WaitFor("A");
    }

    /// <summary>A NewOrderSingle with the usual fields.</summary>
    public void Order(string clOrdId, string account, string symbol, char side, double quantity, double? price, char tif = '0')
    {
        var fields = new List<(int, string)>
        {
            (1, account), (11, clOrdId), (55, symbol), (54, side.ToString()), (38, quantity.ToString(CultureInfo.InvariantCulture)),
            (40, price is null ? "1" : "2"), (59, tif.ToString()), (60, Now()),
        };
        if (price is not null)
        {
            fields.Add((44, price.Value.ToString(CultureInfo.InvariantCulture)));
        }

        Send("D", [.. fields]);
    }

    /// <summary>Waits for the first not-yet-taken message of <paramref name="msgType"/> matching all <paramref name="fields"/>; takes it.</summary>
    public FixReceived WaitFor(string msgType, params (int Tag, string Value)[] fields) => WaitFor(msgType, TimeSpan.FromSeconds(10), fields);

    public FixReceived WaitFor(string msgType, TimeSpan timeout, params (int Tag, string Value)[] fields)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            for (int i = 0; i < _received.Count; i++)
            {
                var m = _received[i];
                if (!m.Taken && m.Type == msgType && fields.All(f => m.Get(f.Tag) == f.Value))
                {
                    m.Taken = true;
                    return m;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !Pump(left))
            {
                throw new TimeoutException($"no {msgType} with {string.Join(" ", fields.Select(f => $"{f.Tag}={f.Value}"))}; received: {string.Join(" || ", _received.Select(r => r.Text))}");
            }
        }
    }

    /// <summary>True when the acceptor closes the connection within <paramref name="timeout"/> (what it sent first is kept).</summary>
    public bool WaitForDisconnect(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!Pump(deadline - DateTime.UtcNow))
            {
                return Closed;
            }
        }

        return Closed;
    }

    public bool Closed { get; private set; }

    /// <summary>Reads whatever arrives within <paramref name="time"/> into <see cref="Received"/>.</summary>
    public void Drain(TimeSpan time)
    {
        var deadline = DateTime.UtcNow + time;
        while (DateTime.UtcNow < deadline && Pump(deadline - DateTime.UtcNow))
        {
        }
    }

    public void Dispose() => _socket.Dispose();

    // Reads once (up to the timeout); false on timeout or close.
    private bool Pump(TimeSpan timeout)
    {
        if (Closed)
        {
            return false;
        }

        _socket.ReceiveTimeout = Math.Max(1, (int)timeout.TotalMilliseconds);
        int n;
        try
        {
            n = _socket.Receive(_buffer);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
        {
            return false;
        }
        catch (SocketException)
        {
            Closed = true;
            return false;
        }

        if (n == 0)
        {
            Closed = true;
            return false;
        }

        _pending.AddRange(_buffer.AsSpan(0, n).ToArray());
        Split();
        return true;
    }

    private void Split()
    {
        while (true)
        {
            string text = Encoding.ASCII.GetString([.. _pending]);
            int lengthAt = text.IndexOf($"{Soh}9=", StringComparison.Ordinal);
            if (!text.StartsWith("8=", StringComparison.Ordinal) || lengthAt < 0)
            {
                return;
            }

            int lengthEnd = text.IndexOf(Soh, lengthAt + 1);
            if (lengthEnd < 0)
            {
                return;
            }

            int body = int.Parse(text.AsSpan(lengthAt + 3, lengthEnd - lengthAt - 3), CultureInfo.InvariantCulture);
            int total = lengthEnd + 1 + body + 7;
            if (text.Length < total)
            {
                return;
            }

            _received.Add(new FixReceived(text[..total]));
            _pending.RemoveRange(0, total);
        }
    }
}

/// <summary>A message as the test client received it.</summary>
internal sealed class FixReceived
{
    public FixReceived(string raw)
    {
        Raw = raw;
        Fields = [];
        foreach (string field in raw.Split('\u0001', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = field.IndexOf('=', StringComparison.Ordinal);
            Fields.Add((int.Parse(field.AsSpan(0, eq), CultureInfo.InvariantCulture), field[(eq + 1)..]));
        }
    }

    public string Raw { get; }

    public List<(int Tag, string Value)> Fields { get; }

    public bool Taken { get; set; }

    public string Type => Get(35) ?? "";

    public int Seq => int.Parse(Get(34) ?? "0", CultureInfo.InvariantCulture);

    public string Text => Raw.Replace('\u0001', '|');

    public string? Get(int tag) => Fields.FirstOrDefault(f => f.Tag == tag).Value;

    public override string ToString() => Text;
}
