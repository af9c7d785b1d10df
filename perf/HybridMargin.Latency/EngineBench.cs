using System.Diagnostics;
using System.Runtime.CompilerServices;
using HdrHistogram;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Ring;

namespace HybridMargin.Latency;

/// <summary>Event of the fused prototype: an order or a cancel, and the code the stage answered.</summary>
internal struct OrderEvent
{
    public Order Order;
    public bool IsCancel;
    public RejectCode Code;
}

/// <summary>
/// Prototype stage (harness only, public API): the risk evaluation and the reply in one stage, so one thread
/// per side of the hop — what the gate would look like with its responder folded into the risk thread.
/// </summary>
internal readonly struct FusedRiskHandler : IEventHandler<OrderEvent>
{
    private readonly RiskEngine _engine;
    private readonly long[] _codes;

    public FusedRiskHandler(RiskEngine engine, long[] codes)
    {
        _engine = engine;
        _codes = codes;
    }

    public void OnEvent(ref OrderEvent data, long sequence, bool endOfBatch)
    {
        if (data.IsCancel)
        {
            data.Code = _engine.Cancel(data.Order.Account, data.Order.ClientOrderId);
            return;
        }

        var code = _engine.Evaluate(data.Order).Code;
        data.Code = code;
        _codes[(int)code]++;
    }
}

/// <summary>
/// The risk evaluation's own cost (one thread, no ring), and a fused ring+risk stage prototype: how close the
/// building blocks get to the targets when the gate's third thread (the responder) is not in the hop.
/// </summary>
internal static class EngineBench
{
    private const int RingSize = 16384;

    public static void Run(Report report, Settings s, IReadOnlyList<OrderTemplate> templates)
    {
        report.Section(
            "Gate building blocks: the risk evaluation alone, and a fused ring+risk stage (prototype)",
            $"same order mix and book as the gate runs. engine only: one thread pinned to core 0 (then core 1) calls RiskEngine.WhatIf (every check, nothing reserved), or Evaluate then Cancel; " +
            $"each sample times a batch of 100 calls (mean ns/order), so the clock cost is negligible. fused: thread A (core 0) publishes an order into a SingleProducerSequencer ring " +
            $"({RingSize:N0} slots, BusySpin); one BatchEventProcessor on core 1 runs RiskEngine.Evaluate and writes the code into the slot; A spins on the stage's sequence and reads it " +
            "(accepted orders cancelled through the same ring, untimed). Fused throughput: A publishes orders (+ a cancel per expected accept) as fast as the ring takes them. " +
            $"GateEvent is {Unsafe.SizeOf<GateEvent>()} bytes per slot, Decision {Unsafe.SizeOf<Decision>()} bytes, GateReply {Unsafe.SizeOf<GateReply>()} bytes");
        EngineOnly(report, s, templates, 0);
        EngineOnly(report, s, templates, 1);
        report.EndTable();
        FusedRoundTrip(report, s, templates);
        report.EndTable();
        FusedThroughput(report, s, templates);
        report.EndTable();
    }

    private static void EngineOnly(Report report, Settings s, IReadOnlyList<OrderTemplate> templates, int core)
    {
        var engine = new RiskEngine(BookLoader.LoadSample());
        var array = templates.ToArray();
        var whatIf = Hist.Create();
        var evaluate = Hist.Create();
        var single = Hist.Create();
        long batches = Math.Max(1000, s.Iterations / 100);
        var collections = new GcCounts[3];
        var t = Threads.Start("engine", core, () =>
        {
            long id = 0;

            // Warm-up by time, not count: the engine's methods are tiered up by call counting plus a background delay.
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(1))
            {
                EngineLoop(engine, array, ref id, 100, whatIf: true, null);
                EngineLoop(engine, array, ref id, 100, whatIf: false, null);
            }

            var start = GcCounts.Now();
            EngineLoop(engine, array, ref id, batches, whatIf: true, whatIf);
            collections[0] = GcCounts.Since(start);
            start = GcCounts.Now();
            EngineLoop(engine, array, ref id, batches, whatIf: false, evaluate);
            collections[1] = GcCounts.Since(start);
            start = GcCounts.Now();
            EvaluateOneByOne(engine, array, ref id, batches * 10, single);
            collections[2] = GcCounts.Since(start);
        });
        t.Join();
        report.Latency($"engine only, core {core}: WhatIf (full checks incl. margin)", whatIf, $"mean of 100 per sample → ceiling {1e3 / whatIf.GetValueAtPercentile(50):F2} M orders/s at p50", collections[0]);
        report.Latency($"engine only, core {core}: Evaluate + Cancel", evaluate, $"mean of 100 per sample → ceiling {1e3 / evaluate.GetValueAtPercentile(50):F2} M orders/s at p50", collections[1]);
        var alone = report.Latency($"engine only, core {core}: one Evaluate timed alone", single, "clock read before and after each call (≈ one clock read included); cancel untimed", collections[2]);
        if (core == 1)
        {
            // Core 1 is the gate's risk core in every latency run.
            s.EvaluateAloneP50 = alone.P50;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void EngineLoop(RiskEngine engine, OrderTemplate[] templates, ref long id, long batches, bool whatIf, LongHistogram? h)
    {
        long accepted = 0;
        for (long b = 0; b < batches; b++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < 100; i++)
            {
                long n = ++id;
                var t = templates[n % templates.Length];
                if (whatIf)
                {
                    accepted += engine.WhatIf(t.Make(n)).Accepted ? 1 : 0;
                }
                else if (engine.Evaluate(t.Make(n)).Accepted)
                {
                    accepted++;
                    engine.Cancel(t.Account, n);
                }
            }

            long t1 = Stopwatch.GetTimestamp();
            h?.RecordValue(Math.Max(0, Hist.ToNanos(t1 - t0) / 100));
        }

        GC.KeepAlive(accepted);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void EvaluateOneByOne(RiskEngine engine, OrderTemplate[] templates, ref long id, long count, LongHistogram h)
    {
        for (long i = 0; i < count; i++)
        {
            long n = ++id;
            var t = templates[n % templates.Length];
            var order = t.Make(n);
            long t0 = Stopwatch.GetTimestamp();
            bool accepted = engine.Evaluate(order).Accepted;
            long t1 = Stopwatch.GetTimestamp();
            Hist.RecordTicks(h, t1 - t0);
            if (accepted)
            {
                engine.Cancel(t.Account, n);
            }
        }
    }

    private static (RingBuffer<OrderEvent> Ring, SingleProducerSequencer<BusySpinWaitStrategy> Sequencer, BatchEventProcessor<OrderEvent, FusedRiskHandler, BusySpinWaitStrategy> Stage, long[] Codes) NewFused()
    {
        var engine = new RiskEngine(BookLoader.LoadSample());
        var codes = new long[32];
        var seq = new SingleProducerSequencer<BusySpinWaitStrategy>(RingSize, default);
        var ring = new RingBuffer<OrderEvent>(seq);
        var stage = new BatchEventProcessor<OrderEvent, FusedRiskHandler, BusySpinWaitStrategy>(ring, new SequenceBarrier<BusySpinWaitStrategy>(seq, default), new FusedRiskHandler(engine, codes));
        seq.SetGatingSequences(stage.Sequence);
        stage.Start("fused-risk", 1);
        return (ring, seq, stage, codes);
    }

    private static void FusedRoundTrip(Report report, Settings s, IReadOnlyList<OrderTemplate> templates)
    {
        var (ring, seq, stage, codes) = NewFused();
        var array = templates.ToArray();
        var h = Hist.Create();
        long deadline = Stopwatch.GetTimestamp() + (long)(s.GateLatencySeconds.TotalSeconds * Stopwatch.Frequency);
        var collections = default(GcCounts);
        var a = Threads.Start("fused-A", 0, () =>
        {
            long id = 0;
            FusedPing(ring, seq, stage.Sequence, array, ref id, 20_000, long.MaxValue, null);
            Array.Clear(codes);
            var start = GcCounts.Now();
            FusedPing(ring, seq, stage.Sequence, array, ref id, long.MaxValue, deadline, h);
            collections = GcCounts.Since(start);
        });
        a.Join();
        stage.Halt();
        s.FusedRoundTripP50 = report.Latency("fused ring+risk round trip, BusySpin, stage on core 1", h, Codes(codes), collections).P50;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void FusedPing(RingBuffer<OrderEvent> ring, SingleProducerSequencer<BusySpinWaitStrategy> seq, Sequence done, OrderTemplate[] templates, ref long id, long count, long deadline, LongHistogram? h)
    {
        for (long n = 0; n < count; n++)
        {
            long oid = ++id;
            var t = templates[oid % templates.Length];
            long t0 = Stopwatch.GetTimestamp();
            long s = seq.Next();
            ref var e = ref ring[s];
            e.Order = t.Make(oid);
            e.IsCancel = false;
            seq.Publish(s);
            while (done.Value < s)
            {
            }

            var code = ring[s].Code;
            long t1 = Stopwatch.GetTimestamp();
            if (h is not null)
            {
                Hist.RecordTicks(h, t1 - t0);
            }

            if (code == RejectCode.None)
            {
                long c = seq.Next();
                ref var ce = ref ring[c];
                ce.Order = t.Make(oid);
                ce.IsCancel = true;
                seq.Publish(c);
                while (done.Value < c)
                {
                }
            }

            if (t1 > deadline)
            {
                return;
            }
        }
    }

    private static void FusedThroughput(Report report, Settings s, IReadOnlyList<OrderTemplate> templates)
    {
        var array = templates.ToArray();
        FusedProduce(array, TimeSpan.FromSeconds(0.3));
        var (orders, cancels, ticks, codes, collections) = FusedProduce(array, s.GateSeconds);
        var elapsed = TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
        s.FusedThroughput = report.Throughput("fused ring+risk throughput, BusySpin, stage on core 1", orders, elapsed, $"+ {cancels:N0} cancels; {Codes(codes)}", collections).PerSecond;
    }

    private static (long Orders, long Cancels, long Ticks, long[] Codes, GcCounts Collections) FusedProduce(OrderTemplate[] templates, TimeSpan duration)
    {
        var (ring, seq, stage, codes) = NewFused();
        long orders = 0;
        long cancels = 0;
        long ticks = 0;
        var gcStart = GcCounts.Now();
        var a = Threads.Start("fused-producer", 0, () => ticks = FusedProduceLoop(ring, seq, stage.Sequence, templates, duration, out orders, out cancels));
        a.Join();
        var collections = GcCounts.Since(gcStart);
        stage.Halt();
        return (orders, cancels, ticks, codes, collections);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long FusedProduceLoop(RingBuffer<OrderEvent> ring, SingleProducerSequencer<BusySpinWaitStrategy> seq, Sequence done, OrderTemplate[] templates, TimeSpan duration, out long orders, out long cancels)
    {
        long t0 = Stopwatch.GetTimestamp();
        long end = t0 + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long id = 0;
        long cancelled = 0;
        long last = -1;
        while ((id & 255) != 0 || Stopwatch.GetTimestamp() < end)
        {
            long oid = ++id;
            var t = templates[oid % templates.Length];
            long s = seq.Next();
            ref var e = ref ring[s];
            e.Order = t.Make(oid);
            e.IsCancel = false;
            seq.Publish(s);
            last = s;
            if (t.Expected == RejectCode.None)
            {
                long c = seq.Next();
                ref var ce = ref ring[c];
                ce.Order = t.Make(oid);
                ce.IsCancel = true;
                seq.Publish(c);
                cancelled++;
                last = c;
            }
        }

        while (done.Value < last)
        {
            Thread.SpinWait(1);
        }

        orders = id;
        cancels = cancelled;
        return Stopwatch.GetTimestamp() - t0;
    }

    private static string Codes(long[] codes)
    {
        var parts = new List<string>();
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] != 0)
            {
                parts.Add($"{((RejectCode)i == RejectCode.None ? "Accepted" : ((RejectCode)i).ToString())} {codes[i]:N0}");
            }
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
