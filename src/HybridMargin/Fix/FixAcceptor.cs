using System.Net;
using System.Net.Sockets;
using System.Text;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Session;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;

namespace HybridMargin.Fix;

/// <summary>
/// The FIX 4.4 acceptor in front of a <see cref="RiskGate"/>: listens on TCP, binds each connection to the
/// configured session its Logon names, and answers orders with the gate's decisions. Accepted orders go on to an
/// <see cref="IOrderSink"/>.
/// </summary>
public sealed class FixAcceptor : IAsyncDisposable
{
    private readonly FixServerSettings _settings;
    private readonly IFixLog _log;
    private readonly FixSession[] _sessions;
    private readonly Dictionary<(string Sender, string Target), FixSession> _bySenderTarget = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _active;

    /// <summary>Creates the sessions (opening their stores); call <see cref="Start"/> to listen.</summary>
    public FixAcceptor(RiskGate gate, FixServerSettings settings, IOrderSink sink, IFixLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sink);
        _settings = settings;
        _log = log ?? NullFixLog.Instance;
        var directory = new FixDirectory(gate.Engine.Book);
        _sessions = settings.Sessions.Select(s => new FixSession(s, settings.Limits, gate, directory, sink, _log, settings.StoreDirectory)).ToArray();
        foreach (var session in _sessions)
        {
            _bySenderTarget[(session.Settings.SenderCompId, session.Settings.TargetCompId)] = session;
        }
    }

    /// <summary>The configured sessions.</summary>
    public IReadOnlyList<FixSession> Sessions => _sessions;

    /// <summary>Where it listens (the actual port when 0 was asked for).</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Connections open now.</summary>
    public int ActiveConnections => Volatile.Read(ref _active);

    /// <summary>Binds and starts accepting.</summary>
    public void Start(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endpoint);
        listener.Listen(128);
        _listener = listener;
        _acceptLoop = AcceptAsync(listener);
    }

    /// <summary>Logs every session out, waits up to <paramref name="grace"/> for the clients' Logout, then closes everything and flushes the stores.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _listener?.Dispose();
        foreach (var session in _sessions)
        {
            session.Logout("server shutting down");
        }

        var deadline = DateTime.UtcNow + grace;
        while (ActiveConnections > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_lock)
        {
            running = [.. _connections];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A read loop still waiting for the gate's decision: its session drops the answer once disposed below.
            _log.Error("acceptor", $"{running.Count(t => !t.IsCompleted)} connection(s) still waiting for the gate after 5 s; closing the sessions anyway");
        }
        if (_acceptLoop is not null)
        {
            try
            {
                await _acceptLoop.ConfigureAwait(false);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }

        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (Interlocked.Increment(ref _active) > _settings.Limits.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                _log.Error("acceptor", $"connection from {socket.RemoteEndPoint} refused: {_settings.Limits.MaxConnections} connections open");
                socket.Dispose();
                continue;
            }

            var connection = new FixConnection(socket, _settings.Limits);
            var run = RunAsync(connection);
            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(run);
            }
        }
    }

    private async Task RunAsync(FixConnection connection)
    {
        try
        {
            await Task.Yield();
            await connection.RunAsync(Route, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // A connection's failure must never take the acceptor or other sessions down.
            _log.Error("acceptor", $"connection {connection.Remote} failed: {error}");
            connection.Close("internal error");
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private FixSession? Route(FixConnection connection, FixMessage logon)
    {
        string sender = Encoding.ASCII.GetString(logon.Get(FixTag.TargetCompId));
        string target = Encoding.ASCII.GetString(logon.Get(FixTag.SenderCompId));
        if (!_bySenderTarget.TryGetValue((sender, target), out var session))
        {
            _log.Error("acceptor", $"Logon from {connection.Remote} for unknown session {sender}->{target}: disconnecting");
            return null;
        }

        if (!session.TryAttach(connection))
        {
            _log.Error(session.Name, $"Logon from {connection.Remote} while the session is logged on elsewhere: disconnecting");
            return null;
        }

        return session;
    }
}
