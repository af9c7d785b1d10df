using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Session;

namespace HybridMargin.Fix;

/// <summary>
/// One TCP connection: reads through a <see cref="PipeReader"/> and parses messages in place from its buffers,
/// hands them to the session that logged on, and keeps the session's timers. Writes come from the session's pump.
/// </summary>
internal sealed class FixConnection
{
    private static int _nextId;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly FixLimits _limits;
    private readonly long _openedAt = Stopwatch.GetTimestamp();
    private FixSession? _session;
    private int _closed;
    private long _closeRequestedAt;

    public FixConnection(Socket socket, FixLimits limits)
    {
        _socket = socket;
        _limits = limits;

        // Ids are the session's frame generations: never 0, which marks "no connection".
        int id;
        do
        {
            id = Interlocked.Increment(ref _nextId);
        }
        while (id == 0);
        Id = id;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
        socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, minimumReadSize: 4096, leaveOpen: true));
    }

    public int Id { get; }

    public string Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public string? CloseReason { get; private set; }

    /// <summary>Reads until the peer or the session closes the connection; then unbinds the session.</summary>
    public async Task RunAsync(Func<FixConnection, FixMessage, FixSession?> route, CancellationToken stop)
    {
        var frames = new FixFrameReader(_limits.MaxMessageBytes);
        var message = new FixMessage(_limits.MaxFields);
        var timers = TimersAsync(stop);
        try
        {
            while (!IsClosed)
            {
                var result = await _input.ReadAsync(stop).ConfigureAwait(false);
                var buffer = result.Buffer;
                bool keep = true;
                while (keep)
                {
                    var parsed = frames.Read(buffer, message);
                    if (parsed.Status == FixParseStatus.Incomplete)
                    {
                        break;
                    }

                    keep = Dispatch(route, parsed, message);
                    buffer = buffer.Slice(Math.Min(parsed.Length, buffer.Length));
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (!keep)
                {
                    // Read no further, but let a Logout the session queued (a message above the size limit) go out before the close.
                    if (Volatile.Read(ref _closeRequestedAt) != 0)
                    {
                        await timers.ConfigureAwait(false);
                    }

                    Close("closed by the session");
                }

                if (result.IsCompleted)
                {
                    Close("closed by the peer");
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close(error is OperationCanceledException ? "server stopping" : error.Message);
        }
        finally
        {
            Close("read loop ended");
            await _input.CompleteAsync().ConfigureAwait(false);
            _session?.Detach(this, CloseReason ?? "closed");
            try
            {
                await timers.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private bool Dispatch(Func<FixConnection, FixMessage, FixSession?> route, in FixParseResult parsed, FixMessage message)
    {
        if (_session is null)
        {
            // Before logon nothing is answered: a stranger learns nothing (FIX: disconnect on a bad first message).
            if (parsed.Status != FixParseStatus.Complete || !message.IsType((byte)'A'))
            {
                return parsed.IsGarbled;
            }

            _session = route(this, message);
            if (_session is null)
            {
                return false;
            }
        }

        return _session.OnMessage(this, parsed, message);
    }

    /// <summary>Writes bytes to the socket (the session's pump); a failure closes the connection.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            while (!bytes.IsEmpty && !IsClosed)
            {
                int sent = await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            Close(error.Message);
        }
    }

    /// <summary>Closes the connection shortly, once what is queued (a Logout) has gone out.</summary>
    public void CloseAfterSent() => Interlocked.CompareExchange(ref _closeRequestedAt, Stopwatch.GetTimestamp(), 0);

    /// <summary>Closes the socket now; the read loop then ends and unbinds the session. Safe from any thread, idempotent.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        CloseReason = reason;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stream.Dispose();
    }

    private async Task TimersAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!IsClosed && await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            long now = Stopwatch.GetTimestamp();
            long closeAt = Volatile.Read(ref _closeRequestedAt);
            if (closeAt != 0 && now - closeAt > Stopwatch.Frequency / 5)
            {
                Close("logged out");
                return;
            }

            var session = _session;
            if (session is null)
            {
                if (now - _openedAt > _limits.LogonTimeoutSeconds * Stopwatch.Frequency)
                {
                    Close($"no Logon within {_limits.LogonTimeoutSeconds} s");
                    return;
                }

                continue;
            }

            if (!session.OnTimer(this))
            {
                CloseAfterSent();
            }
        }
    }
}
