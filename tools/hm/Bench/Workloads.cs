using System.Globalization;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Pricing;
using HybridMargin.Recalculation;

namespace HybridMargin.Cli.Bench;

/// <summary>How long each workload runs in a suite, and the optional per-event hook (delay injection).</summary>
internal sealed record BenchSettings
{
    public required string Suite { get; init; }

    public required int Repeats { get; init; }

    /// <summary>Timed seconds per repeat of the event-loop workloads.</summary>
    public required TimeSpan Duration { get; init; }

    public required IReadOnlyList<WaitStrategyKind> GateWaits { get; init; }

    /// <summary>Runs inside the timed region of every event of every workload but the reference (null: nothing).</summary>
    public Action? PerEvent { get; init; }

    public static BenchSettings For(string suite) => suite switch
    {
        "quick" => new BenchSettings { Suite = suite, Repeats = 3, Duration = TimeSpan.FromSeconds(1.5), GateWaits = [WaitStrategyKind.Yielding] },
        "full" => new BenchSettings { Suite = suite, Repeats = 5, Duration = TimeSpan.FromSeconds(2.5), GateWaits = [WaitStrategyKind.Blocking, WaitStrategyKind.Yielding, WaitStrategyKind.BusySpin] },
        _ => throw new ArgumentException($"unknown suite '{suite}' (quick or full)", nameof(suite)),
    };
}

/// <summary>A fixed, seeded workload measured once per repeat.</summary>
internal abstract class Workload : IDisposable
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract RepeatMeasurement RunRepeat(BenchSettings settings);

    public virtual void Dispose()
    {
    }
}

/// <summary>The workloads of a suite.</summary>
internal static class Workloads
{
    public const string ReferenceName = "reference-black76";

    public static List<Workload> Create(BenchSettings settings)
    {
        var list = new List<Workload> { new ReferenceWorkload(), new EngineWorkload() };
        foreach (var wait in settings.GateWaits)
        {
            list.Add(new GateWorkload(wait));
        }

        list.Add(new FixWorkload());
        list.Add(new RecalculationWorkload());
        return list;
    }
}

/// <summary>
/// The reference: 64 Black-76 prices over seeded inputs per event — deterministic compute that does not depend on
/// the gate's code paths, measured in the same run so every other workload can be expressed as a multiple of it.
/// </summary>
internal sealed class ReferenceWorkload : Workload
{
    private const int Prices = 64;

    public override string Name => Workloads.ReferenceName;

    public override string Description => $"{Prices} Black-76 prices (seeded inputs) per event; the normaliser";

    public override RepeatMeasurement RunRepeat(BenchSettings settings) =>
        Measure.Run(new Loop(), 20_000, settings.Duration, long.MaxValue, null);

    private sealed class Loop : EventLoop
    {
        private readonly double[] _spots = new double[Prices];
        private readonly double[] _strikes = new double[Prices];
        private readonly double[] _vols = new double[Prices];
        private double _sink;

        public Loop()
        {
            var random = new Random(42);
            for (int i = 0; i < Prices; i++)
            {
                _spots[i] = 80_000 + (random.NextDouble() * 20_000);
                _strikes[i] = 70_000 + (random.NextDouble() * 40_000);
                _vols[i] = 0.3 + (random.NextDouble() * 0.5);
            }
        }

        public double Sink => _sink;

        public override void Timed(long n)
        {
            double sum = 0;
            for (int i = 0; i < Prices; i++)
            {
                sum += Black76.Price((i & 1) == 0 ? OptionRight.Call : OptionRight.Put, _spots[i], _strikes[i], 0.25, _vols[i], 0.03);
            }

            _sink += sum;
        }
    }
}

/// <summary>RiskEngine.Evaluate of an accepted order plus its Cancel, on the sample book, on the calling thread.</summary>
internal sealed class EngineWorkload : Workload
{
    public override string Name => "engine-evaluate-cancel";

    public override string Description => "RiskEngine.Evaluate (MM1 buy 1 BTC-PERP at the mark, accepted, margin check included) + Cancel, sample book, event clock +2 ms per order";

    public override RepeatMeasurement RunRepeat(BenchSettings settings)
    {
        var loop = new Loop();
        var m = Measure.Run(loop, 20_000, settings.Duration, long.MaxValue, settings.PerEvent);
        return loop.Failures == 0 ? m : throw new InvalidOperationException($"{Name}: {loop.Failures} orders were not accepted — the workload would not measure the margin check");
    }

    private sealed class Loop : EventLoop
    {
        private readonly RiskEngine _engine = new(BookLoader.LoadSample());
        private readonly Order _order;
        private long _clock = 1_790_000_000_000_000_000;

        public Loop()
        {
            int account = _engine.FindAccount("MM1");
            int instrument = _engine.FindInstrument("BTC-PERP");
            if (account < 0 || instrument < 0)
            {
                throw new InvalidOperationException("sample book has no MM1 / BTC-PERP");
            }

            _order = new Order(account, instrument, Side.Buy, OrderType.Limit, 1, _engine.InstrumentMark(instrument), 1, _clock);
            var check = _engine.WhatIf(_order);
            if (check.Code != RejectCode.None)
            {
                throw new InvalidOperationException($"engine workload order is rejected ({check.Code}) on the sample book");
            }
        }

        public long Failures { get; private set; }

        public override void Timed(long n)
        {
            _clock += 2_000_000;
            var decision = _engine.Evaluate(_order with { TimestampNanos = _clock });
            var cancel = _engine.Cancel(_order.Account, _order.ClientOrderId);
            if (decision.Code != RejectCode.None || cancel != RejectCode.None)
            {
                Failures++;
            }
        }
    }
}

/// <summary>
/// Submit → decision through a started RiskGate (ring, risk stage, reply on the risk thread): synchronous
/// <c>Submit(order)</c>, one order outstanding; accepted orders are cancelled untimed so limits never bite.
/// </summary>
internal sealed class GateWorkload(WaitStrategyKind wait) : Workload
{
    private static readonly (string Account, string Symbol, Side Side, double Quantity)[] Candidates =
    [
        ("MM1", "BTC-PERP", Side.Buy, 1),
        ("MM1", "ETH-PERP", Side.Sell, 5),
        ("MM1", "BTC-25DEC26-90000-C", Side.Buy, 1),
        ("DIRECT1", "SOL-PERP", Side.Sell, 10),
        ("DIRECT1", "ETH-PERP", Side.Buy, 2),
        ("BASIS1", "BTC-PERP", Side.Buy, 1),
        ("STRANGLE1", "BTC-26MAR27-90000-P", Side.Sell, 5),
        ("COLLAT1", "BTC", Side.Buy, 1),
    ];

    public override string Name => "gate-submit-" + wait.ToString().ToLowerInvariant();

    public override string Description => $"RiskGate.Submit(order) → Decision, wait strategy {wait}, reply on the risk thread, not pinned; mix of {Candidates.Length} sample-book orders (what-if checked), accepted ones cancelled untimed";

    public override RepeatMeasurement RunRepeat(BenchSettings settings)
    {
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { WaitStrategy = wait, ReplyOnRiskThread = true, RingSize = 4096 });
        var orders = Orders(gate.Engine);
        gate.Start();
        var probe = new ProbeSink();
        var loop = new Loop(gate, orders);
        var m = Measure.Run(loop, 5_000, settings.Duration, long.MaxValue, settings.PerEvent, () => probe.Allocated(gate));
        if (!gate.Stop())
        {
            throw new InvalidOperationException($"{Name}: gate did not stop cleanly: {gate.Fault}");
        }

        return m;
    }

    private static Order[] Orders(RiskEngine engine)
    {
        var list = new List<Order>();
        foreach (var (accountId, symbol, side, quantity) in Candidates)
        {
            int account = engine.FindAccount(accountId);
            int instrument = engine.FindInstrument(symbol);
            if (account < 0 || instrument < 0)
            {
                continue;
            }

            var order = new Order(account, instrument, side, OrderType.Limit, quantity, engine.InstrumentMark(instrument), 0, 0);
            if (engine.WhatIf(order with { ClientOrderId = 1, TimestampNanos = 1_000_000_000 }).Code is RejectCode.None or RejectCode.InsufficientMargin)
            {
                list.Add(order);
            }
        }

        return list.Count > 0 ? [.. list] : throw new InvalidOperationException("no gate workload order reaches the margin check on the sample book");
    }

    private sealed class Loop(RiskGate gate, Order[] orders) : EventLoop
    {
        private readonly WaitSink _cancel = new();
        private RejectCode _last;
        private Order _order;

        public override void Timed(long n)
        {
            long id = n + 1;
            _order = orders[(int)(id % orders.Length)] with { ClientOrderId = id, TimestampNanos = id * 1_000_000_000L };
            _last = gate.Submit(_order).Code;
        }

        public override void Untimed(long n)
        {
            if (_last == RejectCode.None)
            {
                _cancel.Reset();
                gate.Cancel(_order.Account, _order.ClientOrderId, _cancel);
                _cancel.Await();
            }
            else if (_last is not RejectCode.InsufficientMargin)
            {
                throw new InvalidOperationException($"gate workload: unexpected {_last}");
            }
        }
    }
}

/// <summary>Receives one reply; the caller spins (yielding) until it is set.</summary>
internal sealed class WaitSink : IReplySink
{
    private int _set;

    public GateReply Reply { get; private set; }

    public void Reset() => Volatile.Write(ref _set, 0);

    public void OnReply(in GateReply reply)
    {
        Reply = reply;
        Volatile.Write(ref _set, 1);
    }

    public void Await()
    {
        var spin = default(SpinWait);
        while (Volatile.Read(ref _set) == 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }
}

/// <summary>Asks the gate's stage threads for their allocated bytes (RiskGate.Probe).</summary>
internal sealed class ProbeSink
{
    private readonly WaitSink _sink = new();

    public long Allocated(RiskGate gate)
    {
        _sink.Reset();
        if (!gate.Probe(_sink))
        {
            throw new InvalidOperationException("gate refused the probe");
        }

        _sink.Await();
        return _sink.Reply.RiskThreadAllocated + _sink.Reply.ResponderThreadAllocated;
    }
}

/// <summary>One full background recalculation (Monte Carlo of every account at the book's scenarios), request → snapshot adopted by the risk thread.</summary>
internal sealed class RecalculationWorkload : Workload
{
    private RiskGate? _gate;

    public override string Name => "recalculation-full";

    public override string Description => "RiskGate.RequestRecalculation → snapshot adopted (sample book, 10,000 Monte Carlo scenarios), one per repeat after three warm-up ones";

    public override RepeatMeasurement RunRepeat(BenchSettings settings)
    {
        if (_gate is null)
        {
            _gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { WaitStrategy = WaitStrategyKind.Blocking, ReplyOnRiskThread = true, Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue } });
            _gate.Start();

            // Warm-up: the first recalculations run tier-0 code (hundreds of ms); one alone is not enough.
            for (int i = 0; i < 3; i++)
            {
                new Loop(_gate).Timed(i);
            }
        }

        return Measure.Run(new Loop(_gate), 0, TimeSpan.FromMinutes(5), 1, settings.PerEvent);
    }

    public override void Dispose() => _gate?.Dispose();

    private sealed class Loop(RiskGate gate) : EventLoop
    {
        public override void Timed(long n)
        {
            long before = gate.Recalculation!.Adopted;
            if (!gate.RequestRecalculation())
            {
                throw new InvalidOperationException("gate refused the recalculation request");
            }

            var spin = default(SpinWait);
            while (gate.Recalculation.Adopted == before)
            {
                if (gate.Recalculation.Fault is { } fault)
                {
                    throw new InvalidOperationException("recalculation failed: " + fault.Message, fault);
                }

                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}

/// <summary>Formats helpers shared by the bench files.</summary>
internal static class Inv
{
    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
