using System.Diagnostics;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using HybridMargin.Engine;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;

namespace HybridMargin.Fix.Session;

/// <summary>
/// One configured FIX session: its sequence numbers and sent messages (persisted), its live orders, and the
/// connection currently logged on, if any. Inbound messages are handled on the connection's read loop; decisions
/// arrive from the gate's reply thread; fills from the venue's thread. One lock guards the state and the encoder,
/// and it is never held while publishing into the gate (the gate's reply thread takes it), so the two cannot wait on
/// each other. Sends never block: they go into an unbounded pipe drained by one pump task, which stores every
/// message before it writes it to the socket.
/// </summary>
public sealed partial class FixSession : IReplySink, IVenueClient, IDisposable
{
    private const int FrameHeader = 8;

    private readonly FixLimits _limits;
    private readonly RiskGate _gate;
    private readonly FixDirectory _directory;
    private readonly IOrderSink _sink;
    private readonly IFixLog _log;
    private readonly Lock _lock = new();
    private readonly FixWriter _writer;
    private readonly SessionStore _store;
    private readonly SessionOrders _orders;
    private readonly bool[] _permitted;
    private readonly byte[] _senderCompId;
    private readonly byte[] _targetCompId;
    private readonly Pipe _outbound;
    private readonly byte[] _sendBuffer = new byte[1 << 16];
    private readonly byte[] _text = new byte[512];
    private readonly PendingFills _pendingFills = new(4096);
    private readonly Task _pump;

    private FixConnection? _connection;
    private int _generation;
    private bool _loggedOn;
    private bool _logoutSent;
    private bool _disposed;
    private int _heartbeatSeconds = 30;
    private long _lastSent;
    private long _lastReceived;
    private long _testRequestSent;
    private long _resendRequestedThrough;
    private double _tokens;
    private long _tokensAt;

    // Added under the lock by senders, subtracted by the pump once the bytes are on the socket: queued, unsent bytes.
    private long _backlog;

    // True while the connection's own read loop holds the lock: it may write to the socket directly (see Enqueue).
    private bool _direct;

    internal FixSession(FixSessionSettings settings, FixLimits limits, RiskGate gate, FixDirectory directory, IOrderSink sink, IFixLog log, string storeDirectory)
    {
        Settings = settings;
        _limits = limits;
        _gate = gate;
        _directory = directory;
        _sink = sink;
        _log = log;
        Name = settings.Name;
        _writer = new FixWriter(limits.MaxMessageBytes);
        _store = new SessionStore(storeDirectory, $"{settings.SenderCompId}-{settings.TargetCompId}");
        _orders = new SessionOrders(limits.MaxLiveOrdersPerSession, limits.MaxClOrdIdLength);
        _senderCompId = Encoding.ASCII.GetBytes(settings.SenderCompId);
        _targetCompId = Encoding.ASCII.GetBytes(settings.TargetCompId);
        _permitted = new bool[directory.Accounts.Count];
        foreach (string account in settings.Accounts)
        {
            if (account == "*")
            {
                Array.Fill(_permitted, true);
                continue;
            }

            int index = directory.Accounts.Find(Encoding.UTF8.GetBytes(account));
            if (index < 0)
            {
                throw new FixConfigurationException($"session {Name}: account '{account}' is not in the book");
            }

            _permitted[index] = true;
        }

        // No back-pressure (threshold 0): a send never waits; the backlog is bounded by disconnecting slow clients.
        _outbound = new Pipe(new PipeOptions(readerScheduler: new ReusablePipeScheduler(), writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 16 << 10, useSynchronizationContext: false));
        _tokens = limits.MaxMessagesPerSecond;
        _tokensAt = Stopwatch.GetTimestamp();
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The configuration.</summary>
    public FixSessionSettings Settings { get; }

    /// <summary>"SENDER-&gt;TARGET".</summary>
    public string Name { get; }

    /// <summary>Whether a connection is logged on.</summary>
    public bool IsLoggedOn
    {
        get
        {
            lock (_lock)
            {
                return _loggedOn;
            }
        }
    }

    /// <summary>Whether a connection is bound, logged on or not yet (a new Logon is refused until it is detached).</summary>
    internal bool IsBound
    {
        get
        {
            lock (_lock)
            {
                return _connection is not null;
            }
        }
    }

    /// <summary>MsgSeqNum of the next message sent.</summary>
    public long NextSenderSeq
    {
        get
        {
            lock (_lock)
            {
                return _store.NextSenderSeq;
            }
        }
    }

    /// <summary>MsgSeqNum expected next from the client.</summary>
    public long NextTargetSeq
    {
        get
        {
            lock (_lock)
            {
                return _store.NextTargetSeq;
            }
        }
    }

    /// <summary>Orders open or pending for this session.</summary>
    public int LiveOrders
    {
        get
        {
            lock (_lock)
            {
                return _orders.Live;
            }
        }
    }

    /// <summary>Stops the pump (after what was sent is stored) and closes the store.</summary>
    public void Dispose()
    {
        // Gate replies and venue fills may still arrive (the gate outlives the acceptor): from now on they are dropped.
        lock (_lock)
        {
            // Unbinding the connection makes a read loop still inside (waiting for the gate) drop what it has.
            _disposed = true;
            _connection = null;
            _loggedOn = false;
        }

        _outbound.Writer.Complete();
        _pump.Wait(TimeSpan.FromSeconds(5));
        _store.Dispose();
    }

    /// <summary>Binds a connection whose first message is this session's Logon.</summary>
    internal bool TryAttach(FixConnection connection)
    {
        lock (_lock)
        {
            if (_connection is not null || _disposed)
            {
                return false;
            }

            _connection = connection;
            _generation = connection.Id;
            _loggedOn = false;
            _logoutSent = false;
            _testRequestSent = 0;
            _resendRequestedThrough = 0;
            _lastReceived = _lastSent = Stopwatch.GetTimestamp();
            return true;
        }
    }

    /// <summary>The connection is gone: unbind it, and cancel the session's orders if configured.</summary>
    internal void Detach(FixConnection connection, string reason)
    {
        int[]? slots = null;
        int count = 0;
        lock (_lock)
        {
            if (_connection != connection)
            {
                return;
            }

            _connection = null;
            _loggedOn = false;
            _generation = 0;
            _log.Session(Name, $"disconnected ({reason}); next seq out {_store.NextSenderSeq}, in {_store.NextTargetSeq}");
            if (Settings.CancelOnDisconnect && _orders.Live > 0)
            {
                slots = new int[_orders.Live];
                count = _orders.CopyLive(slots);
                int cancels = 0;
                for (int i = 0; i < count; i++)
                {
                    ref var order = ref _orders[slots[i]];
                    if (order.State == OrderState.Open)
                    {
                        order.State = OrderState.PendingCancel;
                        order.CancelReason = CancelReason.Disconnect;
                        slots[cancels++] = slots[i];
                    }
                }

                count = cancels;
            }
        }

        for (int i = 0; i < count; i++)
        {
            long id;
            int account;
            lock (_lock)
            {
                id = _orders[slots![i]].Id;
                account = _orders[slots[i]].Account;
            }

            _gate.Cancel(account, id, this);
        }

        if (count > 0)
        {
            _log.Session(Name, $"cancel on disconnect: {count} open order(s) cancelled");
        }
    }

    /// <summary>Handles one parsed message (or a parse error) from <paramref name="connection"/>; false when the connection must close.</summary>
    internal bool OnMessage(FixConnection connection, in FixParseResult result, FixMessage message)
    {
        var deferred = default(GateRequest);
        bool keep;
        lock (_lock)
        {
            if (_connection != connection)
            {
                return false;
            }

            _lastReceived = Stopwatch.GetTimestamp();
            _direct = true;
            try
            {
                keep = Handle(connection, result, message, ref deferred);
            }
            finally
            {
                _direct = false;
            }
        }

        Publish(in deferred);
        return keep;
    }

    /// <summary>Heartbeats, test requests and the unanswered-test-request disconnect; called a few times a second.</summary>
    internal bool OnTimer(FixConnection connection)
    {
        lock (_lock)
        {
            if (_connection != connection || !_loggedOn)
            {
                return _connection == connection;
            }

            long now = Stopwatch.GetTimestamp();
            long interval = _heartbeatSeconds * Stopwatch.Frequency;
            if (now - _lastSent >= interval)
            {
                BeginAdmin("0"u8);
                Transmit();
            }

            // FIX: a TestRequest after a heartbeat interval (plus a margin for transit) without anything received.
            long silence = now - _lastReceived;
            if (_testRequestSent == 0 && silence >= interval + (interval / 5))
            {
                BeginAdmin("1"u8);
                _writer.Add(FixTag.TestReqId, "TEST"u8);
                Transmit();
                _testRequestSent = now;
            }
            else if (_testRequestSent != 0 && now - _testRequestSent >= interval + (interval / 5) && _lastReceived < _testRequestSent)
            {
                SendLogout("TestRequest unanswered");
                _log.Session(Name, "no answer to a TestRequest: disconnecting");
                return false;
            }

            if (_lastReceived >= _testRequestSent)
            {
                _testRequestSent = 0;
            }

            return true;
        }
    }

    /// <summary>Logs the session out (server shutdown); the connection closes when the client answers or the caller gives up.</summary>
    internal void Logout(string text)
    {
        lock (_lock)
        {
            if (_connection is not null && _loggedOn && !_logoutSent)
            {
                SendLogout(text);
            }
        }
    }

    private void SendLogout(string? text)
    {
        BeginAdmin("5"u8);
        if (text is not null)
        {
            AddAsciiText(text);
        }

        Transmit();
        _logoutSent = true;
        _connection?.CloseAfterSent();
    }

    private void BeginAdmin(ReadOnlySpan<byte> type) => Begin(type, _store.NextSenderSeq);

    private void Begin(ReadOnlySpan<byte> type, long seq)
    {
        _writer.Begin(type);
        _writer.Add(FixTag.SenderCompId, _senderCompId);
        _writer.Add(FixTag.TargetCompId, _targetCompId);
        _writer.Add(FixTag.MsgSeqNum, seq);
        _writer.AddTimestamp(FixTag.SendingTime, DateTime.UtcNow);
    }

    /// <summary>Completes the message being written, stores it and queues it for the connection: it takes the next sequence number.</summary>
    private void Transmit()
    {
        var bytes = _writer.Complete();
        if (bytes.IsEmpty)
        {
            // Cannot happen for the messages built here (sizes are bounded); never send a half-built message.
            _log.Error(Name, "an outbound message did not fit the encoder and was not sent");
            return;
        }

        _store.NextSenderSeq++;
        _store.Append(bytes);
        if (_direct && _connection is { } connection && Volatile.Read(ref _backlog) == 0)
        {
            // The read loop answers on its own thread: stored (to the OS) first, then straight to the socket, saving
            // the pump's thread wake-up. Only when nothing is queued, so the order on the wire stays the sequence order.
            _store.Flush();
            _lastSent = Stopwatch.GetTimestamp();
            int sent = connection.TrySendNow(bytes);
            if (sent == bytes.Length)
            {
                return;
            }

            bytes = bytes[sent..];
        }

        Enqueue(bytes);
    }

    /// <summary>Queues bytes for the current connection without storing them or taking a sequence number (resends).</summary>
    private void Enqueue(ReadOnlySpan<byte> bytes)
    {
        _lastSent = Stopwatch.GetTimestamp();
        var writer = _outbound.Writer;
        var span = writer.GetSpan(FrameHeader + bytes.Length);
        BitConverter.TryWriteBytes(span, bytes.Length);
        BitConverter.TryWriteBytes(span[4..], _generation);
        bytes.CopyTo(span[FrameHeader..]);
        writer.Advance(FrameHeader + bytes.Length);

        // Never pending: the pipe has no pause threshold.
        _ = writer.FlushAsync();
        if (Interlocked.Add(ref _backlog, bytes.Length) > _limits.MaxOutboundBacklogBytes && _connection is not null)
        {
            _log.Error(Name, $"client is not reading: {Volatile.Read(ref _backlog)} bytes unsent; disconnecting");
            _connection.Close("outbound backlog limit");
        }
    }

    private async Task PumpAsync()
    {
        var reader = _outbound.Reader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                return;
            }

            var buffer = result.Buffer;
            while (!buffer.IsEmpty)
            {
                var (length, consumed, target, payload) = CollectFrames(buffer);
                buffer = buffer.Slice(consumed);
                _store.Flush();
                if (target is not null && length > 0)
                {
                    await target.SendAsync(_sendBuffer.AsMemory(0, length)).ConfigureAwait(false);
                }

                // Only now: a direct send waits for a zero backlog, so it can never overtake these bytes.
                Interlocked.Add(ref _backlog, -payload);

                if (consumed == 0)
                {
                    break;
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                _store.Flush();
                await reader.CompleteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Copies whole frames for the live connection into the send buffer; returns the bytes to send, the bytes consumed and the connection.</summary>
    private (int Length, long Consumed, FixConnection? Target, long Payload) CollectFrames(in System.Buffers.ReadOnlySequence<byte> buffer)
    {
        FixConnection? target;
        int generation;
        lock (_lock)
        {
            target = _connection;
            generation = _generation;
        }

        Span<byte> header = stackalloc byte[FrameHeader];
        long consumed = 0;
        int length = 0;
        long payload = 0;
        var rest = buffer;
        while (rest.Length >= FrameHeader)
        {
            rest.Slice(0, FrameHeader).CopyTo(header);
            int size = BitConverter.ToInt32(header);
            int frameGeneration = BitConverter.ToInt32(header[4..]);
            if (rest.Length < FrameHeader + size || (length + size > _sendBuffer.Length && length > 0))
            {
                break;
            }

            if (target is not null && frameGeneration == generation && generation != 0)
            {
                if (size > _sendBuffer.Length)
                {
                    break;
                }

                rest.Slice(FrameHeader, size).CopyTo(_sendBuffer.AsSpan(length));
                length += size;
            }

            payload += size;
            consumed += FrameHeader + size;
            rest = rest.Slice(FrameHeader + size);
        }

        return (length, consumed, length > 0 ? target : null, payload);
    }
}
