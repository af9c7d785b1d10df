using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Risk;

namespace HybridMargin.Recalculation;

/// <summary>
/// The background full recalculation. The risk thread calls <see cref="OnEvent"/> after every event; on the trigger,
/// and only while no recalculation is running, it hands a detached copy of the state (tagged with its sequence) to
/// this object's own thread and goes on — it never waits. The thread runs the Monte Carlo of SPEC §4.6 for every
/// account and publishes the snapshot through <c>publish</c> (into the inbound ring), so the risk thread adopts it
/// between events, at a point of the sequence that a journal replay reproduces.
/// </summary>
public sealed class BackgroundRecalculation : IDisposable
{
    private readonly Book _book;
    private readonly RecalculationOptions _options;
    private readonly Func<RiskSnapshot, bool> _publish;
    private readonly SemaphoreSlim _work = new(0);
    private readonly Thread _thread;
    private readonly EwmaVolatility[]? _ewma;
    private ScenarioSet? _scenarios;
    private double[]? _scenarioVols;

    // Worker only: kept across recalculations (its P&L vectors are the bulk of a recalculation's memory: 8 bytes per
    // scenario per instrument), repriced for each capture; the scenarios it reads are redrawn in place when the vols move.
    private MonteCarloRevaluation? _revaluation;

    // Risk thread only.
    private readonly double[] _startMarks;
    private bool _markMoved;
    private long _lastStartNanos;
    private long _eventsSinceStart;
    private long _latestOrderNanos;
    private long _nextId;

    // Hand-off: the risk thread fills the buffer, then sets _busy (release); the worker reads it after the semaphore
    // (acquire) and clears _busy (release) once the snapshot is computed, before publishing it. The risk thread fills
    // the buffer again only after it reads _busy clear (acquire), so the worker is done with it by then.
    private readonly CaptureBuffer _buffer;
    private int _busy;
    private volatile bool _stopping;

    // Written once by the worker (release), read by anyone (acquire).
    private Exception? _fault;
    private double _lastDrift = double.NaN;
    private int _disposed;
    private long _adopted;
    private long _published;

    /// <summary>Creates the worker thread; <paramref name="publish"/> puts a finished snapshot into the inbound ring.</summary>
    public BackgroundRecalculation(Book book, RecalculationOptions options, Func<RiskSnapshot, bool> publish)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publish);
        _book = book;
        _options = options;
        _publish = publish;
        _startMarks = book.Assets.Select(a => a.Price).ToArray();
        _ewma = options.AutomatedParameters ? book.Assets.Select(a => new EwmaVolatility(a.Vol, options.EwmaLambda)).ToArray() : null;
        _buffer = new CaptureBuffer(book.Accounts.Count, book.Assets.Count, book.Instruments.Count, _ewma is not null);
        _thread = new Thread(Run) { IsBackground = true, Name = "hm-recalc", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Snapshots the worker has published.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Snapshots the risk thread has adopted.</summary>
    public long Adopted => Interlocked.Read(ref _adopted);

    /// <summary>The exception that stopped the worker, if any.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Called by the risk thread after each event; captures the state when the trigger fires.</summary>
    internal void OnEvent(RiskEngine engine, long sequence, long orderTimestampNanos, bool forced)
    {
        _latestOrderNanos = Math.Max(_latestOrderNanos, orderTimestampNanos);
        _eventsSinceStart++;
        bool due = forced
            || _markMoved
            || _eventsSinceStart >= _options.EveryEvents
            || (_options.EveryNanos is long every && _latestOrderNanos - _lastStartNanos >= every);
        if (!due || Volatile.Read(ref _busy) != 0)
        {
            return;
        }

        _eventsSinceStart = 0;
        _markMoved = false;
        _lastStartNanos = _latestOrderNanos;
        for (int a = 0; a < _startMarks.Length; a++)
        {
            _startMarks[a] = engine.Mark(a);
        }

        _buffer.Fill(engine, ++_nextId, sequence, _latestOrderNanos, _ewma);
        Volatile.Write(ref _busy, 1);
        _work.Release();
    }

    /// <summary>Called by the risk thread for every good mark tick: feeds the asset's EWMA (risk thread only).</summary>
    internal void OnMark(int asset, double price, long timestampNanos)
    {
        _ewma?[asset].Update(price, timestampNanos);
        double start = _startMarks[asset];
        if (_options.MarkMove is double move && Math.Abs((price / start) - 1) > move)
        {
            _markMoved = true;
        }
    }

    /// <summary>Visits the automated parameters' EWMA estimators (risk thread only): state snapshots carry them.</summary>
    internal void VisitState(Engine.IStateVisitor visitor)
    {
        int count = _ewma?.Length ?? 0;
        visitor.Value("ewma.count", ref count);
        if (count != (_ewma?.Length ?? 0))
        {
            throw new InvalidDataException($"the state image has {count} EWMA estimators, this gate {_ewma?.Length ?? 0} (automated parameters configured differently)");
        }

        foreach (var estimator in _ewma ?? [])
        {
            estimator.VisitState(visitor);
        }
    }

    /// <summary>Called by the risk thread when it adopts a snapshot.</summary>
    internal void OnAdopted() => Interlocked.Increment(ref _adopted);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        _work.Release();
        _thread.Join();
        _work.Dispose();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _work.Wait();
                if (_stopping)
                {
                    return;
                }

                var snapshot = Compute(_buffer.ToCapture(_book));

                // Free before publishing: once a caller sees the snapshot adopted, a new request must start a new
                // recalculation, not find the worker still "busy" publishing the old one (and be dropped). A capture
                // taken meanwhile is computed after this one and published behind it, so adoption order is kept.
                Volatile.Write(ref _busy, 0);
                if (_publish(snapshot))
                {
                    Interlocked.Increment(ref _published);
                }
            }
        }
        catch (Exception e) when (e is not ThreadInterruptedException)
        {
            // No further snapshot will come (_busy stays set): with MaxSnapshotAgeNanos configured the gate goes stale
            // and fails closed (StaleRisk); without it, it keeps the last add-ons. Either way the fault is visible here.
            Volatile.Write(ref _fault, e);
        }
    }

    /// <summary>Drift reported by the last snapshot the worker published (NaN before the first).</summary>
    public double LastDrift => Volatile.Read(ref _lastDrift);

    /// <summary>
    /// A fresh engine built from the capture alone — every instrument repriced, every Greek, aggregate and grid vector
    /// computed from scratch at the captured marks and vols. Equity is not compared (the capture carries no cost
    /// basis), so futures get a placeholder entry price.
    /// </summary>
    private RiskEngine FreshEngine(StateCapture capture)
    {
        var assets = _book.Assets.Select(a => a with { Price = capture.Marks[a.Index], Vol = capture.Vols[a.Index], Haircut = capture.Haircuts[a.Index] }).ToArray();
        var instruments = _book.Instruments.Select(i => i.Kind == InstrumentKind.Option ? i with { ImpliedVol = capture.ImpliedVols[i.Index] } : i).ToArray();
        var accounts = _book.Accounts.Select(a => new AccountSpec
        {
            Index = a.Index,
            Id = a.Id,
            Balances = capture.Holdings[a.Index].Balances,
            Positions = capture.Holdings[a.Index].Derivatives.Select(d => new Position(d.Instrument, d.Quantity, 1.0)).ToArray(),
        }).ToArray();
        // It never holds an open order: the default table (131,072 slots, ~8 MB on the large-object heap) made every
        // recalculation a gen-2 collection's worth of garbage, and those stop the risk thread too.
        return new RiskEngine(new Book(_book.AsOf, _book.Parameters, assets, _book.Correlations, instruments, accounts), new RiskEngineOptions { OpenOrderCapacity = 1 });
    }

    /// <summary>The from-scratch recalculation and the Monte Carlo of SPEC §4.6 for every account of the capture; its result depends on the capture alone (the revaluation's buffers are reused, their contents recomputed).</summary>
    internal RiskSnapshot Compute(StateCapture capture)
    {
        // Scenarios depend on the vols in force; draw them again (same seed, into the same arrays) only when those changed.
        if (_scenarios is null || !capture.Vols.AsSpan().SequenceEqual(_scenarioVols))
        {
            var covariance = FactorCovariance.Build(_book.Assets, capture.Vols, _book.Correlations, _book.Parameters.HorizonDays);
            if (_scenarios is null)
            {
                _scenarios = ScenarioSet.Generate(covariance, _options.Scenarios ?? _book.Parameters.McScenarios, _book.Parameters.McSeed);
            }
            else
            {
                // The revaluation reads these scenarios: its Reprice below recomputes every vector from the new draws.
                _scenarios.Redraw(covariance, _book.Parameters.McSeed);
            }

            _scenarioVols = capture.Vols;
        }

        if (_revaluation is null)
        {
            _revaluation = new MonteCarloRevaluation(_book, capture.Marks, capture.ImpliedVols, _scenarios);
        }
        else
        {
            _revaluation.Reprice(capture.Marks, capture.ImpliedVols);
        }

        var mc = _revaluation;
        bool marksUsable = capture.Marks.All(m => m > 0 && double.IsFinite(m));
        var fresh = marksUsable ? FreshEngine(capture) : null;
        int accounts = capture.Holdings.Length;
        var addOns = new double[accounts];
        var mcVar = new double[accounts];
        var mcEs = new double[accounts];
        double drift = marksUsable ? 0 : double.NaN;
        for (int a = 0; a < accounts; a++)
        {
            var result = mc.Evaluate(capture.Holdings[a]);
            mcVar[a] = result.Var;
            mcEs[a] = result.ExpectedShortfall;
            double var = capture.ParametricVar[a];
            double grid = capture.GridLoss[a];
            if (fresh is not null)
            {
                var figures = fresh.Figures(a);
                drift = Math.Max(drift, Math.Max(Relative(var, figures.VarParametric), Relative(grid, figures.GridLoss)));
                var = figures.VarParametric;
                grid = figures.GridLoss;
            }

            addOns[a] = result.ModelAddOn(var, grid);
        }

        double[]? newHaircuts = null;
        if (capture.EwmaVols is { } ewmaVols)
        {
            var parameters = _book.Parameters;
            var rule = new DynamicHaircut(_options.HaircutMultiplier, _options.HaircutCap);
            double z = Pricing.NormalDistribution.Quantile(parameters.VarConfidence);
            newHaircuts = _book.Assets.Select(a => rule.Haircut(a.Haircut, ewmaVols[a.Index], z, parameters.HorizonYears)).ToArray();
        }

        Volatile.Write(ref _lastDrift, drift);
        return new RiskSnapshot(capture.Id, capture.Sequence, capture.TimestampNanos, addOns, mcVar, mcEs, drift, capture.EwmaVols, newHaircuts);
    }

    private static double Relative(double incremental, double fresh) => Math.Abs(incremental - fresh) / Math.Max(Math.Abs(fresh), 1);
}
