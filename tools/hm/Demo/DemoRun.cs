using System.Diagnostics;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Demo;

/// <summary>
/// The synthetic flow of <c>hm demo</c>: producer threads at a fixed offered rate (a few malformed, over-limit and
/// margin-breaking orders among normal ones), a venue that fills or cancels what was accepted, and a market-data
/// thread moving marks and implied vols on a random walk — all through the gate's one ring.
/// </summary>
internal sealed class DemoRun
{
    private readonly DemoSettings _settings;
    private readonly RiskGate _gate;
    private readonly Book _book;
    private readonly SentOrders _sent = new();
    private readonly double[] _instrumentMarks;
    private readonly double[] _maxQuantity;
    private readonly double[] _rateWeights;
    private long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly long _idBase;
    private readonly long _timestampOrigin;
    private volatile bool _running = true;
    private long _fills;
    private long _cancels;
    private long _ticks;

    public DemoRun(DemoSettings settings, Book book)
    {
        _settings = settings;
        _book = book;
        var log = settings.DecisionLogPath is null ? null : new DecisionLog(settings.DecisionLogPath);
        try
        {
            _gate = CreateGate(settings, book);
        }
        catch
        {
            log?.Dispose();
            throw;
        }

        if (_gate.Recovery is { } recovery)
        {
            // Client order ids unique across restarts on one journal: a run's ids are its base + 1 … base + n with
            // n < 2^32, and the next run's base, its recovered LastSequence << 32, is past them whenever the run
            // journalled anything (a fresh journal gives base 0, the demo's usual ids).
            _idBase = recovery.LastSequence << 32;

            // Unix time, so the orders' timestamps (the rate limit's clock) keep moving forward across restarts.
            _timestampOrigin = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        }

        _instrumentMarks = Enumerable.Range(0, book.Instruments.Count).Select(_gate.Engine.InstrumentMark).ToArray();
        _maxQuantity = book.Accounts.Select(a => a.Limits.MaxOrderQty ?? 100).ToArray();
        _rateWeights = new double[book.Accounts.Count];
        double cumulative = 0;
        for (int a = 0; a < book.Accounts.Count; a++)
        {
            cumulative += book.Accounts[a].Limits.MaxOrdersPerSecond ?? 100;
            _rateWeights[a] = cumulative;
        }
        long interval = 1_000_000_000L * settings.Producers / Math.Max(1, settings.OrdersPerSecond);
        Sink = new DemoSink(new VenueQueue(1 << 16), Math.Max(1, 1_000_000_000L / Math.Max(1, settings.OrdersPerSecond)), log);
        ProducerIntervalNanos = interval;
    }

    public DemoSink Sink { get; }

    public LiquidationCounter Liquidations { get; } = new();

    public long ProducerIntervalNanos { get; }

    public long Fills => Interlocked.Read(ref _fills);

    public long Cancels => Interlocked.Read(ref _cancels);

    public long Ticks => Interlocked.Read(ref _ticks);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    public RiskGate Gate => _gate;

    /// <summary>Runs the flow for the configured duration, calling <paramref name="progress"/> twice a second.</summary>
    public void Run(Action<DemoRun> progress)
    {
        // The clock starts now, not when the gate was built: recovering a long journal must not eat the run's duration.
        _startTimestamp = Stopwatch.GetTimestamp();
        _gate.Start();
        var threads = new List<Thread>();
        for (int p = 0; p < _settings.Producers; p++)
        {
            int producer = p;
            threads.Add(new Thread(() => Produce(producer)) { IsBackground = true, Name = $"demo-producer-{p}" });
        }

        threads.Add(new Thread(Venue) { IsBackground = true, Name = "demo-venue" });
        threads.Add(new Thread(MarketData) { IsBackground = true, Name = "demo-market" });
        foreach (var t in threads)
        {
            t.Start();
        }

        var end = _settings.Duration;
        while (Elapsed < end)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(500, Math.Max(1, (end - Elapsed).TotalMilliseconds))));
            progress(this);
        }

        _running = false;
        foreach (var t in threads)
        {
            t.Join();
        }

        _gate.Stop();
        Sink.Log?.Dispose();
    }

    private RiskGate CreateGate(DemoSettings settings, Book book) =>
        new(book, new GateOptions
        {
            WaitStrategy = settings.WaitStrategy,
            RiskCore = settings.RiskCore,
            ResponderCore = settings.ResponderCore,
            RingSize = 1 << 14,
            LiquidationSink = Liquidations,
            ReplyOnRiskThread = settings.ReplyOnRiskThread,
            // About one background Monte Carlo a second at the default rate (2,000 scenarios keeps it short on 2 cores).
            Recalculation = new Recalculation.RecalculationOptions { EveryEvents = 5_000, Scenarios = 2_000 },
            Journal = settings.Journal is { } journal
                ? new JournalOptions { Directory = journal.Directory, SnapshotEveryEvents = journal.SnapshotEveryEvents, MaxFileBytes = journal.FileBytes }
                : null,
        });

    private long NowNanos() => (long)((Stopwatch.GetTimestamp() - _startTimestamp) * (1e9 / Stopwatch.Frequency));

    private void Produce(int producer)
    {
        var random = new Random(_settings.Seed + producer);
        long next = NowNanos();
        long sequence = 0;
        int instruments = _book.Instruments.Count;
        while (_running)
        {
            // Fixed offered rate without busy-waiting (on 2 cores a spinning producer takes the core the risk
            // thread needs): sleep, then send every order whose time has come. Latency recording corrects for
            // the resulting bursts (coordinated omission) in the histogram.
            next += ProducerIntervalNanos;
            while (next > NowNanos() && _running)
            {
                Thread.Sleep(1);
            }

            long id = _idBase + (sequence++ * _settings.Producers) + producer + 1;
            int account = PickAccount(random);
            int instrument = random.Next(instruments);
            double mark = _instrumentMarks[instrument];
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var type = random.NextDouble() < 0.1 ? OrderType.Market : OrderType.Limit;
            double notionalScale = Math.Max(1, mark);
            double quantity = Math.Round(Math.Max(0.01, random.NextDouble() * 20_000 / notionalScale), 2);
            double price = mark * (1 + ((random.NextDouble() - 0.5) * 0.02));
            double kind = random.NextDouble();
            if (kind < 0.02)
            {
                quantity = -quantity;
            }
            else if (kind < 0.04)
            {
                quantity = _maxQuantity[account] * 10;
            }
            else if (kind < 0.07)
            {
                // Large, but within the size limits: many of these break the margin check.
                quantity = Math.Round(_maxQuantity[account] * 0.9, 2);
            }

            _sent.Record(id, quantity, type == OrderType.Market ? mark : price);
            _gate.Submit(new Order(account, instrument, side, type, quantity, price, id, _timestampOrigin + NowNanos()), Sink);
        }
    }

    private void Venue()
    {
        var random = new Random(_settings.Seed + 1_000);
        while (_running)
        {
            if (!Sink.Venue.TryDequeue(out var order))
            {
                Thread.Sleep(1);
                continue;
            }

            var (quantity, price) = _sent.Get(order.Id);
            double r = random.NextDouble();
            if (r < 0.6)
            {
                // Fill in two parts at the order's price.
                double first = Math.Round(quantity / 2, 6);
                _gate.Fill(order.Account, order.Id, first, price, Sink);
                _gate.Fill(order.Account, order.Id, quantity - first, price, Sink);
                Interlocked.Add(ref _fills, 2);
            }
            else
            {
                _gate.Cancel(order.Account, order.Id, Sink);
                Interlocked.Increment(ref _cancels);
            }
        }
    }

    private void MarketData()
    {
        var random = new Random(_settings.Seed + 2_000);
        double[] marks = _book.Assets.Select(a => a.Price).ToArray();
        double[] vols = _book.Instruments.Select(i => i.ImpliedVol).ToArray();
        int[] options = _book.Instruments.Where(i => i.Kind == InstrumentKind.Option).Select(i => i.Index).ToArray();
        while (_running)
        {
            Thread.Sleep(1);
            for (int a = 0; a < marks.Length; a++)
            {
                if (_book.Assets[a].Vol < 0.05)
                {
                    continue;
                }

                // A one-millisecond step of the asset's own volatility.
                double step = _book.Assets[a].Vol * Math.Sqrt(0.001 / 86_400 / 365) * Normal(random);
                marks[a] *= 1 + step;
                _gate.Mark(a, marks[a], Sink);
                Interlocked.Increment(ref _ticks);
            }

            if (options.Length > 0 && random.NextDouble() < 0.2)
            {
                int i = options[random.Next(options.Length)];
                vols[i] = Math.Clamp(vols[i] + ((random.NextDouble() - 0.5) * 0.01), 0.2, 1.5);
                _gate.ImpliedVol(i, vols[i], Sink);
                Interlocked.Increment(ref _ticks);
            }
        }
    }

    /// <summary>Accounts in proportion to their order-rate limits, so a flow within the sum of the limits is mostly not throttled.</summary>
    private int PickAccount(Random random)
    {
        double x = random.NextDouble() * _rateWeights[^1];
        int i = Array.BinarySearch(_rateWeights, x);
        return Math.Min(i < 0 ? ~i : i, _rateWeights.Length - 1);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
