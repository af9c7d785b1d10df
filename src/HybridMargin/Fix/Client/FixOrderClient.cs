using System.Globalization;
using System.Net.Sockets;
using System.Text;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Fix.Client;

/// <summary>
/// A minimal FIX 4.4 initiator on a blocking socket, for latency measurement: logs on with ResetSeqNumFlag, sends
/// one limit NewOrderSingle at a time and waits for its first ExecutionReport. Written with this project's codec
/// (nothing allocated per order), so two servers measured with it are measured alike. Not a general FIX client: it
/// answers no TestRequest and keeps no store.
/// </summary>
public sealed class FixOrderClient
{
    private readonly Socket _socket;
    private readonly string _peer;
    private readonly byte[] _sender;
    private readonly byte[] _target;
    private readonly byte[] _account;
    private readonly byte[] _symbol;
    private readonly FixWriter _writer = new(4096);
    private readonly FixMessage _message = new();
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly byte[] _clOrdId = new byte[20];
    private int _start;
    private int _end;
    private long _seq = 1;

    /// <summary>Talks over <paramref name="socket"/> (connected) as <paramref name="sender"/> to <paramref name="target"/>.</summary>
    public FixOrderClient(Socket socket, string sender, string target, string account = "BASIS1", string symbol = "BTC-PERP")
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _peer = target;
        _sender = Encoding.ASCII.GetBytes(sender);
        _target = Encoding.ASCII.GetBytes(target);
        _account = Encoding.ASCII.GetBytes(account);
        _symbol = Encoding.ASCII.GetBytes(symbol);
    }

    /// <summary>Logs on (HeartBtInt 30, sequence numbers reset) and waits for the Logon answer.</summary>
    public void Logon()
    {
        Begin("A"u8);
        _writer.Add(98, 0L);
        _writer.Add(FixTag.HeartBtInt, 30L);
        _writer.Add(FixTag.ResetSeqNumFlag, 'Y');
        Send();
        Await("A"u8, default);
    }

    /// <summary>Logs out and waits for the answer.</summary>
    public void Logout()
    {
        Begin("5"u8);
        Send();
        Await("5"u8, default);
    }

    /// <summary>
    /// Sends order <paramref name="n"/> (ClOrdID = n; buys and sells alternate so positions stay flat; 0.01 at
    /// 90,000) and waits for its first ExecutionReport. A reject, a session Reject or a BusinessMessageReject throws.
    /// </summary>
    public void RoundTrip(int n)
    {
        n.TryFormat(_clOrdId, out int length, default, CultureInfo.InvariantCulture);
        var clOrdId = _clOrdId.AsSpan(0, length);
        Begin("D"u8);
        _writer.Add(FixTag.Account, _account);
        _writer.Add(FixTag.ClOrdId, clOrdId);
        _writer.Add(FixTag.HandlInst, '1');
        _writer.Add(FixTag.Symbol, _symbol);
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
        _writer.Add(FixTag.SenderCompId, _sender);
        _writer.Add(FixTag.TargetCompId, _target);
        _writer.Add(FixTag.MsgSeqNum, _seq++);
        _writer.AddTimestamp(FixTag.SendingTime, DateTime.UtcNow);
    }

    private void Send()
    {
        var bytes = _writer.Complete();
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += _socket.Send(bytes[sent..]);
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
                        throw new InvalidOperationException($"{_peer} rejected the order: {Printable()}");
                    }

                    return;
                }

                if (_message.IsType((byte)'3') || _message.IsType((byte)'j'))
                {
                    throw new InvalidOperationException($"{_peer} rejected a message: {Printable()}");
                }

                continue;
            }

            if (parsed.Status == FixParseStatus.Error)
            {
                throw new InvalidOperationException($"{_peer} sent bytes that do not parse: {parsed.Error}");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            int n = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            if (n == 0)
            {
                throw new InvalidOperationException($"{_peer} closed the connection");
            }

            _end += n;
        }
    }

    private string Printable() => Encoding.ASCII.GetString(_message.Raw).Replace('\u0001', '|');
}
