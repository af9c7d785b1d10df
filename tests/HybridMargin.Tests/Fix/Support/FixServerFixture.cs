using System.Net;
using HybridMargin.Books;
using HybridMargin.Fix;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;

namespace HybridMargin.Tests.Fix.Support;

/// <summary>
/// An in-process acceptor on a free loopback port in front of a started gate, with its store in a temporary directory
/// (deleted on dispose unless the caller named the store, which then owns it).
/// </summary>
internal sealed class FixServer : IAsyncDisposable
{
    private readonly StringWriter _log;
    private readonly TextWriter _synchronizedLog;
    private readonly bool _ownsStore;

    private FixServer(RiskGate gate, FixAcceptor acceptor, IOrderSink sink, string store, bool ownsStore, StringWriter log, TextWriter synchronizedLog)
    {
        _ownsStore = ownsStore;
        Gate = gate;
        Acceptor = acceptor;
        Sink = sink;
        StoreDirectory = store;
        _log = log;
        _synchronizedLog = synchronizedLog;
    }

    public RiskGate Gate { get; }

    public FixAcceptor Acceptor { get; }

    public IOrderSink Sink { get; }

    public string StoreDirectory { get; }

    /// <summary>The acceptor's log so far (sessions, rejects, errors); safe while the acceptor writes to it.</summary>
    public string Log
    {
        get
        {
            // The synchronized writer locks on itself for every write.
            lock (_synchronizedLog)
            {
                return _log.ToString();
            }
        }
    }

    public IPEndPoint EndPoint => Acceptor.LocalEndPoint!;

    /// <summary>Starts a gate on <paramref name="book"/> (the sample book by default) and an acceptor with <paramref name="sessions"/> (one HM/CLIENT1 session for every account by default).</summary>
    public static FixServer Start(Book? book = null, IReadOnlyList<FixSessionSettings>? sessions = null, FixLimits? limits = null, IOrderSink? sink = null, string? store = null, GateOptions? gateOptions = null)
    {
        book ??= BookLoader.LoadSample();
        bool ownsStore = store is null;
        store ??= Path.Combine(Path.GetTempPath(), "hm-fix-" + Guid.NewGuid().ToString("N"));
        var gate = new RiskGate(book, gateOptions ?? new GateOptions { ReplyOnRiskThread = true, WaitStrategy = WaitStrategyKind.Blocking });
        sink ??= new SimulatedVenue(SimulatedVenue.MarksOf(gate.Engine), fillShare: 0);
        var settings = new FixServerSettings
        {
            Sessions = sessions ?? [new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"] }],
            Limits = limits ?? new FixLimits(),
            StoreDirectory = store,
        };
        var log = new StringWriter();
        var synchronizedLog = TextWriter.Synchronized(log);
        var acceptor = new FixAcceptor(gate, settings, sink, new TextFixLog(synchronizedLog));
        gate.Start();
        acceptor.Start(new IPEndPoint(IPAddress.Loopback, 0));
        return new FixServer(gate, acceptor, sink, store, ownsStore, log, synchronizedLog);
    }

    public FixTestClient Connect(string sender = "CLIENT1", string target = "HM") => FixTestClient.Connect(EndPoint, sender, target);

    public async ValueTask DisposeAsync()
    {
        await Acceptor.StopAsync(TimeSpan.FromSeconds(1));
        Gate.Stop();
        (Sink as IDisposable)?.Dispose();
        if (_ownsStore && Directory.Exists(StoreDirectory))
        {
            Directory.Delete(StoreDirectory, recursive: true);
        }
    }
}
