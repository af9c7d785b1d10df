using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using HdrHistogram;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Latency;

/// <summary>An order shape used by the gate runs, with the decision a what-if gave it before the run.</summary>
internal sealed record OrderTemplate(string AccountId, string Symbol, int Account, int Instrument, Side Side, double Quantity, double Price, RejectCode Expected)
{
    public Order Make(long id) => new(Account, Instrument, Side, OrderType.Limit, Quantity, Price, id, id * 1_000_000_000L);
}

/// <summary>Receives one reply at a time (one order outstanding); the submitter spins on <see cref="IsSet"/>.</summary>
internal sealed class OneShotSink : IReplySink
{
    private int _set;
    private RejectCode _code;

    public bool IsSet => Volatile.Read(ref _set) != 0;

    public RejectCode Code => _code;

    public void Reset() => Volatile.Write(ref _set, 0);

    public void OnReply(in GateReply reply)
    {
        _code = reply.Decision.Code;
        Volatile.Write(ref _set, 1);
    }
}

/// <summary>
/// Counts replies by code on the responder thread (single writer, no interlocked ops), and samples the
/// submit→delivery latency of one reply in 64 from <see cref="GateReply.SubmittedTimestamp"/>.
/// </summary>
internal sealed class CountingSink : IReplySink
{
    private const int SampleMask = 63;
    private readonly long[] _codes = new long[32];
    private readonly LongHistogram? _latency;
    private long _completed;
    private long _refused;

    public CountingSink(LongHistogram? latency)
    {
        _latency = latency;
    }

    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Refusals answered on the submitting thread (Saturated, GateStopped).</summary>
    public long Refused => Volatile.Read(ref _refused);

    public long Count(RejectCode code) => _codes[(int)code];

    public long[] Codes => _codes;

    public void OnReply(in GateReply reply)
    {
        var code = reply.Decision.Code;
        if (code is RejectCode.Saturated or RejectCode.GateStopped)
        {
            // Answered inline on the submitting thread: keep it off the responder-owned counters.
            Interlocked.Increment(ref _refused);
            return;
        }

        _codes[(int)code]++;
        long completed = _completed + 1;
        if (_latency is not null && (completed & SampleMask) == 0)
        {
            Hist.RecordTicks(_latency, Stopwatch.GetTimestamp() - reply.SubmittedTimestamp);
        }

        Volatile.Write(ref _completed, completed);
    }
}

/// <summary>One gate configuration: wait strategy and where the two stage threads run.</summary>
internal sealed record GateConfig(string Name, WaitStrategyKind Wait, int? RiskCore, int? ResponderCore, bool ReplyOnRiskThread = false, int? RecalculateEveryEvents = null, int SlotHolds = 16);

/// <summary>
/// Submit → decision through the whole gate (ring, risk evaluation with the margin check, responder): one order
/// outstanding for latency, many in flight for throughput. Accepted orders are cancelled so open-order and
/// position limits never turn the workload into early rejects.
/// </summary>
internal static class GateBench
{
    private const int RingSize = 16384;

    // Orders in flight in the throughput run; each may bring a cancel, so the ring holds at most 2 × this.
    private const int Window = RingSize / 4;

    private static readonly (string Account, string Symbol, Side Side, double Quantity)[] Candidates =
    [
        ("MM1", "BTC-PERP", Side.Buy, 1),
        ("MM1", "ETH-PERP", Side.Sell, 5),
        ("MM1", "BTC-25DEC26-90000-C", Side.Buy, 1),
        ("MM1", "ETH-26MAR27-3200-P", Side.Sell, 2),
        ("DIRECT1", "SOL-PERP", Side.Sell, 10),
        ("DIRECT1", "ETH-PERP", Side.Buy, 2),
        ("BASIS1", "BTC-PERP", Side.Buy, 1),
        ("RISKREV1", "BTC-PERP", Side.Buy, 1),
        ("STRANGLE1", "BTC-26MAR27-90000-P", Side.Sell, 5),
        ("COVCALL1", "ETH-26MAR27-3600-C", Side.Sell, 5),
        ("COLLAT1", "BTC", Side.Buy, 1),
        ("BORROW1", "ETH", Side.Buy, 5),
        ("DEFICIT1", "BTC-PERP", Side.Buy, 5),
        ("DEFICIT1", "BTC-26MAR27", Side.Sell, 1),
        ("DEFICIT1", "ETH-PERP", Side.Buy, 5),
        ("COVCALL1", "ETH-PERP", Side.Sell, 100),
        ("STRANGLE1", "BTC-26MAR27-80000-P", Side.Sell, 25),
        ("BORROW1", "BTC", Side.Buy, 10),
    ];

    public static readonly GateConfig[] Configs =
    [
        new("BusySpin, risk+responder on core 1", WaitStrategyKind.BusySpin, 1, 1),
        new("BusySpin, risk core 1, responder core 0", WaitStrategyKind.BusySpin, 1, 0),
        new("Yielding, risk+responder on core 1", WaitStrategyKind.Yielding, 1, 1),
        new("Yielding, risk core 1, responder core 0", WaitStrategyKind.Yielding, 1, 0),
        new("Blocking, not pinned", WaitStrategyKind.Blocking, null, null),
        new("BusySpin, reply on risk thread, risk core 1", WaitStrategyKind.BusySpin, 1, null, ReplyOnRiskThread: true),
        new("Yielding, reply on risk thread, risk core 1", WaitStrategyKind.Yielding, 1, null, ReplyOnRiskThread: true),
        // The synchronous submitter's other way to wait: a pooled DecisionSource instead of reading its slot back.
        new("BusySpin, reply on risk thread, risk core 1, no slot holds", WaitStrategyKind.BusySpin, 1, null, ReplyOnRiskThread: true, SlotHolds: 0),
        // Issue 4: the same gate while background recalculations (Monte Carlo at the book's 10,000 scenarios, every
        // 10,000 events — so one is nearly always running) compete for the two cores.
        new("Yielding, reply on risk thread, risk core 1, recalculating", WaitStrategyKind.Yielding, 1, null, ReplyOnRiskThread: true, RecalculateEveryEvents: 10_000),
    ];

    public static void Run(Report report, Settings s)
    {
        var templates = Preflight();
        report.Section(
            "Gate: submit → decision through RiskGate (risk evaluation included)",
            $"book samples/book.json; gate RingSize {RingSize:N0}; submitting thread pinned to core 0; order mix (what-if before the run): {Describe(templates)}; " +
            "order k has client id k and event time k s (so the per-account rate limits never bite); every accepted order is cancelled (untimed in the latency runs) so open-order/position limits never bite. " +
            $"sync = RiskGate.Submit(in Order) (16 slot holds: the caller reads its decision back from its slot; with none, a pooled DecisionSource); callback = Submit(order, sink), caller spins on a flag the sink sets on the responder thread. " +
            $"{s.GateLatencySeconds.TotalSeconds:F1} s per latency run after 20,000 warm-up orders (at most 1 s); throughput: {s.GateSeconds.TotalSeconds:F1} s of Submit(order, sink) + Cancel for expected accepts, ≤ {Window:N0} orders in flight");

        EngineBench.Run(report, s, templates);
        report.Section("Gate: submit → decision, latency per configuration", "see the gate settings above");
        var codeNotes = new List<string>();
        foreach (var config in Configs)
        {
            WaitForQuietMachine();
            Latency(report, s, config, templates, sync: true, codeNotes);
            Latency(report, s, config, templates, sync: false, codeNotes);
        }

        report.EndTable();
        foreach (var note in codeNotes)
        {
            Console.WriteLine($"- {note}");
        }

        Console.WriteLine();
        codeNotes.Clear();
        report.Section("Gate: throughput per configuration (many in flight, consumers batch)", $"≤ {Window:N0} orders in flight, {s.GateSeconds.TotalSeconds:F1} s per configuration after 0.5 s warm-up run");
        var underLoad = new List<(string, LongHistogram, GcCounts)>();
        foreach (var config in Configs)
        {
            WaitForQuietMachine();
            Throughput(report, s, config, templates, codeNotes, underLoad);
        }

        report.EndTable();
        foreach (var (name, h, collections) in underLoad)
        {
            report.Latency(name, h, "sampled 1 in 64 replies: now − GateReply.SubmittedTimestamp on the responder thread", collections);
        }

        report.EndTable();
        foreach (var note in codeNotes)
        {
            Console.WriteLine($"- {note}");
        }

        Console.WriteLine();
    }

    /// <summary>Between gate configurations: do not measure while someone's BenchmarkDotNet run is going.</summary>
    internal static void WaitForQuietMachine()
    {
        for (int i = 0; i < 90 && Machine.OtherBenchmarksRunning(); i++)
        {
            Thread.Sleep(10_000);
        }
    }

    /// <summary>Candidates the what-if refused before reaching the margin check (left out of the mix).</summary>
    private static readonly List<string> Dropped = [];

    internal static List<OrderTemplate> Preflight()
    {
        var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions());
        var engine = gate.Engine;
        var list = new List<OrderTemplate>();
        long id = 1;
        foreach (var (accountId, symbol, side, quantity) in Candidates)
        {
            int account = engine.FindAccount(accountId);
            int instrument = engine.FindInstrument(symbol);
            if (account < 0 || instrument < 0)
            {
                continue;
            }

            double price = engine.InstrumentMark(instrument);
            var probe = new OrderTemplate(accountId, symbol, account, instrument, side, quantity, price, RejectCode.None);
            var code = engine.WhatIf(probe.Make(id++)).Code;
            if (code is RejectCode.None or RejectCode.InsufficientMargin)
            {
                list.Add(probe with { Expected = code });
            }
            else
            {
                Dropped.Add($"{accountId} {side} {quantity} {symbol} → {code}");
            }
        }

        gate.Dispose();
        if (list.Count == 0)
        {
            throw new InvalidOperationException("no order of the candidate mix reaches the margin check on the sample book");
        }

        return list;
    }

    private static string Describe(List<OrderTemplate> templates)
    {
        var sb = new StringBuilder();
        foreach (var t in templates)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{t.AccountId} {t.Side} {t.Quantity} {t.Symbol} @ mark → {(t.Expected == RejectCode.None ? "accept" : t.Expected.ToString())}");
        }

        if (Dropped.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (left out, rejected before the margin check: {string.Join(", ", Dropped)})");
        }

        return sb.ToString();
    }

    private static RiskGate NewGate(GateConfig config) => new(BookLoader.LoadSample(), new GateOptions
    {
        WaitStrategy = config.Wait,
        RiskCore = config.RiskCore,
        ResponderCore = config.ResponderCore,
        RingSize = RingSize,
        ReplyOnRiskThread = config.ReplyOnRiskThread,
        SlotHolds = config.SlotHolds,
        Recalculation = config.RecalculateEveryEvents is int every ? new HybridMargin.Recalculation.RecalculationOptions { EveryEvents = every } : null,
    });

    private static void Latency(Report report, Settings s, GateConfig config, List<OrderTemplate> templates, bool sync, List<string> codeNotes)
    {
        using var gate = NewGate(config);
        gate.Start();
        var h = Hist.Create();
        var codes = new long[32];
        long ids = 0;
        var collections = default(GcCounts);
        var submitter = Threads.Start("gate-submitter", 0, () =>
        {
            var sink = new OneShotSink();
            var cancelSink = new OneShotSink();
            long warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            RunLatencyLoop(gate, templates, sync, sink, cancelSink, ref ids, 20_000, warmupEnd, null, null);
            var start = GcCounts.Now();
            long end = Stopwatch.GetTimestamp() + (long)(s.GateLatencySeconds.TotalSeconds * Stopwatch.Frequency);
            RunLatencyLoop(gate, templates, sync, sink, cancelSink, ref ids, long.MaxValue, end, h, codes);
            collections = GcCounts.Since(start);
        });
        submitter.Join();
        if (!gate.Stop())
        {
            Console.Error.WriteLine($"warning: gate {config.Name} did not stop cleanly: {gate.Fault}");
        }

        string name = $"gate {(sync ? "sync Submit" : "callback Submit")}, {config.Name}";
        string detail = gate.Recalculation is { } recalculation
            ? $"{CodeSummary(codes)}; recalculations published {recalculation.Published:N0}, adopted {recalculation.Adopted:N0}"
            : CodeSummary(codes);
        var r = report.Latency(name, h, detail, collections);
        if (r.Count > 0 && (s.GateRoundTripP50 is null || r.P50 < s.GateRoundTripP50))
        {
            s.GateRoundTripP50 = r.P50;
            s.GateRoundTripName = name;
        }

        codeNotes.Add($"{name}: {CodeSummary(codes)}");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void RunLatencyLoop(RiskGate gate, List<OrderTemplate> templates, bool sync, OneShotSink sink, OneShotSink cancelSink, ref long ids, long count, long end, LongHistogram? h, long[]? codes)
    {
        for (long n = 0; n < count; n++)
        {
            long id = ++ids;
            var t = templates[(int)(id % templates.Count)];
            var order = t.Make(id);
            RejectCode code;
            long t0 = Stopwatch.GetTimestamp();
            if (sync)
            {
                code = gate.Submit(order).Code;
            }
            else
            {
                sink.Reset();
                gate.Submit(order, sink);
                Await(sink);
                code = sink.Code;
            }

            long t1 = Stopwatch.GetTimestamp();
            if (h is not null)
            {
                Hist.RecordTicks(h, t1 - t0);
                codes![(int)code]++;
            }

            if (code == RejectCode.None)
            {
                cancelSink.Reset();
                gate.Cancel(t.Account, id, cancelSink);
                Await(cancelSink);
            }

            if (t1 > end)
            {
                return;
            }
        }
    }

    /// <summary>Spins on the flag, yielding after a while so a stage thread sharing this core can run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Await(OneShotSink sink)
    {
        int spins = 0;
        while (!sink.IsSet)
        {
            if (++spins > 2000)
            {
                Thread.Yield();
            }
        }
    }

    private static void Throughput(Report report, Settings s, GateConfig config, List<OrderTemplate> templates, List<string> codeNotes, List<(string, LongHistogram, GcCounts)> underLoad)
    {
        RunThroughput(config, templates, TimeSpan.FromSeconds(0.5), null);
        var h = Hist.Create();
        var (orders, cancels, elapsed, sink, cancelSink, collections) = RunThroughput(config, templates, s.GateSeconds, h);
        string name = $"gate throughput, {config.Name}";
        var r = report.Throughput(name, orders, elapsed, $"+ {cancels:N0} cancels in the same ring ({(orders + cancels) / elapsed.TotalSeconds / 1e6:F2} M events/s)", collections);
        if (s.GateThroughput is null || r.PerSecond > s.GateThroughput)
        {
            s.GateThroughput = r.PerSecond;
            s.GateThroughputName = name;
        }

        underLoad.Add(($"gate under load, {config.Name}", h, collections));
        codeNotes.Add($"{name}: orders {CodeSummary(sink.Codes)}, refused at submit {sink.Refused:N0}; cancels {CodeSummary(cancelSink.Codes)}");
    }

    private static (long Orders, long Cancels, TimeSpan Elapsed, CountingSink Sink, CountingSink CancelSink, GcCounts Collections) RunThroughput(GateConfig config, List<OrderTemplate> templates, TimeSpan duration, LongHistogram? h)
    {
        using var gate = NewGate(config);
        gate.Start();
        var start = GcCounts.Now();
        var sink = new CountingSink(h);
        var cancelSink = new CountingSink(null);
        long orders = 0;
        long cancels = 0;
        long ticks = 0;
        var producer = Threads.Start("gate-producer", 0, () => ticks = Produce(gate, templates, sink, cancelSink, duration, out orders, out cancels));
        producer.Join();
        var collections = GcCounts.Since(start);
        if (!gate.Stop())
        {
            Console.Error.WriteLine($"warning: gate {config.Name} did not stop cleanly: {gate.Fault}");
        }

        return (orders, cancels, TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency), sink, cancelSink, collections);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long Produce(RiskGate gate, List<OrderTemplate> templates, CountingSink sink, CountingSink cancelSink, TimeSpan duration, out long orders, out long cancels)
    {
        var array = templates.ToArray();
        long submitted = 0;
        long cancelled = 0;
        long id = 0;
        long t0 = Stopwatch.GetTimestamp();
        long end = t0 + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if ((id & 255) == 0 && Stopwatch.GetTimestamp() > end)
            {
                break;
            }

            var spinner = default(SpinWait);
            while (submitted - sink.Completed >= Window)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            id++;
            var t = array[id % array.Length];
            if (gate.Submit(t.Make(id), sink))
            {
                submitted++;
                if (t.Expected == RejectCode.None)
                {
                    gate.Cancel(t.Account, id, cancelSink);
                    cancelled++;
                }
            }
        }

        var wait = default(SpinWait);
        while (sink.Completed < submitted || cancelSink.Completed < cancelled)
        {
            wait.SpinOnce(sleep1Threshold: -1);
        }

        orders = submitted;
        cancels = cancelled;
        return Stopwatch.GetTimestamp() - t0;
    }

    internal static string CodeSummary(long[] codes)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            string label = (RejectCode)i == RejectCode.None ? "Accepted" : ((RejectCode)i).ToString();
            sb.Append(CultureInfo.InvariantCulture, $"{label} {codes[i]:N0}");
        }

        return sb.Length == 0 ? "none" : sb.ToString();
    }
}
