using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HdrHistogram;

namespace HybridMargin.Latency;

/// <summary>
/// System.Threading.Channels in the same run: round trip through two channels and 1P–1C throughput, with the
/// fastest honest configuration (dedicated pinned threads spinning on TryRead/TryWrite) and the idiomatic async one
/// (WaitToReadAsync / ReadAsync / WriteAsync on the thread pool).
/// </summary>
internal static class ChannelsBench
{
    private const int Capacity = 1024;

    public static void Run(Report report, Settings s)
    {
        report.Section(
            "System.Threading.Channels: round trip and 1P–1C throughput",
            $"Bounded: Channel.CreateBounded<long>(capacity {Capacity}, SingleReader, SingleWriter, FullMode=Wait); Unbounded: Channel.CreateUnbounded<long>(SingleReader, SingleWriter). " +
            "spin: dedicated threads pinned to cores 0 and 1 spinning on TryRead/TryWrite (no Thread.SpinWait); async: thread-pool tasks, echo via WaitToReadAsync+TryRead, " +
            "pinger via ReadAsync, producer via WriteAsync. Round trip: A writes into channel 1, the echo writes it into channel 2, A reads it. " +
            $"{s.Warmup:N0} warm-up, up to {s.Iterations:N0} recorded (async: {s.SlowIterations:N0}), at most {s.LatencyTimeLimit.TotalSeconds:F0} s each; throughput: {s.ChannelEvents:N0} longs");

        PickSpin(s, RoundTripSpin(report, s, "bounded", Bounded));
        PickSpin(s, RoundTripSpin(report, s, "unbounded", Unbounded));
        Pick(s, RoundTripAsync(report, s, "bounded", Bounded));
        Pick(s, RoundTripAsync(report, s, "unbounded", Unbounded));
        report.EndTable();

        PickThroughput(s, ThroughputSpin(report, s, "bounded", Bounded));
        PickThroughput(s, ThroughputSpin(report, s, "unbounded", Unbounded));
        PickThroughput(s, ThroughputAsync(report, s, "bounded", Bounded));
        PickThroughput(s, ThroughputAsync(report, s, "unbounded", Unbounded));
        report.EndTable();
    }

    private static Channel<long> Bounded() => Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private static Channel<long> Unbounded() => Channel.CreateUnbounded<long>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
    });

    private static void Pick(Settings s, LatencyResult r)
    {
        if (r.Count > 0 && (s.ChannelsRoundTripP50 is null || r.P50 < s.ChannelsRoundTripP50))
        {
            s.ChannelsRoundTripP50 = r.P50;
            s.ChannelsRoundTripName = r.Name;
        }
    }

    private static void PickSpin(Settings s, (LatencyResult Result, double Untimed) r)
    {
        Pick(s, r.Result);
        if (s.ChannelsRoundTripUntimed is null || r.Untimed < s.ChannelsRoundTripUntimed)
        {
            s.ChannelsRoundTripUntimed = r.Untimed;
        }
    }

    private static void PickThroughput(Settings s, ThroughputResult r)
    {
        if (s.ChannelsThroughput is null || r.PerSecond > s.ChannelsThroughput)
        {
            s.ChannelsThroughput = r.PerSecond;
            s.ChannelsThroughputName = r.Name;
        }
    }

    private static (LatencyResult Result, double Untimed) RoundTripSpin(Report report, Settings s, string kind, Func<Channel<long>> create)
    {
        var c1 = create();
        var c2 = create();
        var stop = new StopFlag();
        var h = Hist.Create();
        long limit = (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
        var b = Threads.Start("chan-echo", 1, () => EchoSpin(c1.Reader, c2.Writer, stop));
        double untimed = 0;
        var a = Threads.Start("chan-A", 0, () =>
        {
            long next = PingSpin(c1.Writer, c2.Reader, s.Warmup, s.Iterations, limit, h);
            long end = Stopwatch.GetTimestamp() + (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
            untimed = PingSpinUntimed(c1.Writer, c2.Reader, next, Math.Min(s.Iterations, h.TotalCount), end);
        });
        var gcStart = GcCounts.Now();
        a.Join();
        stop.Set();
        b.Join();
        return (report.Latency($"Channels round trip, {kind}, spin", h, $"TryWrite / spinning TryRead; batched p50 {untimed:F0} ns", collections: GcCounts.Since(gcStart).Including("warm-up and batched run")), untimed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double PingSpinUntimed(ChannelWriter<long> writer, ChannelReader<long> reader, long first, long iterations, long deadline)
    {
        var batches = Hist.Create();
        long t0 = Stopwatch.GetTimestamp();
        for (long i = first; i < first + iterations; i++)
        {
            writer.TryWrite(i);
            long v;
            while (!reader.TryRead(out v))
            {
            }

            if (v != i)
            {
                throw new InvalidOperationException($"echo returned {v} for {i}");
            }

            if ((i - first) % FloorBench.Batch == FloorBench.Batch - 1)
            {
                long t1 = Stopwatch.GetTimestamp();
                batches.RecordValue(Hist.ToNanos(t1 - t0) / FloorBench.Batch);
                t0 = t1;
                if (t1 > deadline)
                {
                    break;
                }
            }
        }

        return batches.TotalCount == 0 ? 0 : batches.GetValueAtPercentile(50);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void EchoSpin(ChannelReader<long> reader, ChannelWriter<long> writer, StopFlag stop)
    {
        while (!stop.IsSet)
        {
            while (reader.TryRead(out long v))
            {
                while (!writer.TryWrite(v))
                {
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long PingSpin(ChannelWriter<long> writer, ChannelReader<long> reader, long warmup, long iterations, long limit, LongHistogram h)
    {
        long deadline = long.MaxValue;
        for (long i = 0; i < warmup + iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (i == warmup)
            {
                deadline = t0 + limit;
            }

            writer.TryWrite(i);
            long v;
            while (!reader.TryRead(out v))
            {
            }

            long t1 = Stopwatch.GetTimestamp();
            if (v != i)
            {
                throw new InvalidOperationException($"echo returned {v} for {i}");
            }

            if (i >= warmup)
            {
                Hist.RecordTicks(h, t1 - t0);
                if (t1 > deadline)
                {
                    return i + 1;
                }
            }
        }

        return warmup + iterations;
    }

    private static LatencyResult RoundTripAsync(Report report, Settings s, string kind, Func<Channel<long>> create)
    {
        var c1 = create();
        var c2 = create();
        var h = Hist.Create();
        long limit = (long)(s.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
        var echo = Task.Run(() => EchoAsync(c1.Reader, c2.Writer));
        var ping = Task.Run(() => PingAsync(c1.Writer, c2.Reader, s.Warmup / 10, s.SlowIterations, limit, h));
        var gcStart = GcCounts.Now();
        ping.GetAwaiter().GetResult();
        c1.Writer.Complete();
        echo.GetAwaiter().GetResult();
        return report.Latency($"Channels round trip, {kind}, async", h, "ReadAsync / WaitToReadAsync on the thread pool", collections: GcCounts.Since(gcStart).Including("warm-up"));
    }

    private static async Task EchoAsync(ChannelReader<long> reader, ChannelWriter<long> writer)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out long v))
            {
                await writer.WriteAsync(v).ConfigureAwait(false);
            }
        }
    }

    private static async Task PingAsync(ChannelWriter<long> writer, ChannelReader<long> reader, long warmup, long iterations, long limit, LongHistogram h)
    {
        long deadline = long.MaxValue;
        for (long i = 0; i < warmup + iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (i == warmup)
            {
                deadline = t0 + limit;
            }

            await writer.WriteAsync(i).ConfigureAwait(false);
            long v = await reader.ReadAsync().ConfigureAwait(false);
            long t1 = Stopwatch.GetTimestamp();
            if (v != i)
            {
                throw new InvalidOperationException($"echo returned {v} for {i}");
            }

            if (i >= warmup)
            {
                Hist.RecordTicks(h, t1 - t0);
                if (t1 > deadline)
                {
                    return;
                }
            }
        }
    }

    private static ThroughputResult ThroughputSpin(Report report, Settings s, string kind, Func<Channel<long>> create)
    {
        MeasureSpin(create(), s.ChannelEvents / 10);
        var (elapsed, count, sum, collections) = MeasureSpin(create(), s.ChannelEvents);
        return report.Throughput($"Channels 1P–1C, {kind}, spin", s.ChannelEvents, elapsed, Check(s.ChannelEvents, count, sum), collections);
    }

    private static (TimeSpan Elapsed, long Count, long Sum, GcCounts Collections) MeasureSpin(Channel<long> channel, long events)
    {
        long t0 = 0;
        long t1 = 0;
        long count = 0;
        long sum = 0;
        var gcStart = GcCounts.Now();
        var consumer = Threads.Start("chan-consumer", 1, () => (count, sum, t1) = ConsumeSpin(channel.Reader, events));
        var producer = Threads.Start("chan-producer", 0, () => t0 = ProduceSpin(channel.Writer, events));
        Threads.JoinAll(producer, consumer);
        return (TimeSpan.FromSeconds((t1 - t0) / (double)Stopwatch.Frequency), count, sum, GcCounts.Since(gcStart));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long ProduceSpin(ChannelWriter<long> writer, long events)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            while (!writer.TryWrite(i))
            {
            }
        }

        return t0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static (long Count, long Sum, long End) ConsumeSpin(ChannelReader<long> reader, long events)
    {
        long count = 0;
        long sum = 0;
        while (count < events)
        {
            while (reader.TryRead(out long v))
            {
                count++;
                sum += v;
            }
        }

        return (count, sum, Stopwatch.GetTimestamp());
    }

    private static ThroughputResult ThroughputAsync(Report report, Settings s, string kind, Func<Channel<long>> create)
    {
        MeasureAsync(create(), s.ChannelEvents / 10);
        var (elapsed, count, sum, collections) = MeasureAsync(create(), s.ChannelEvents);
        return report.Throughput($"Channels 1P–1C, {kind}, async", s.ChannelEvents, elapsed, Check(s.ChannelEvents, count, sum), collections);
    }

    private static (TimeSpan Elapsed, long Count, long Sum, GcCounts Collections) MeasureAsync(Channel<long> channel, long events)
    {
        var gcStart = GcCounts.Now();
        long t0 = Stopwatch.GetTimestamp();
        var consumer = Task.Run(() => ConsumeAsync(channel.Reader));
        var producer = Task.Run(() => ProduceAsync(channel.Writer, events));
        producer.GetAwaiter().GetResult();
        var (count, sum) = consumer.GetAwaiter().GetResult();
        long t1 = Stopwatch.GetTimestamp();
        return (TimeSpan.FromSeconds((t1 - t0) / (double)Stopwatch.Frequency), count, sum, GcCounts.Since(gcStart));
    }

    private static async Task ProduceAsync(ChannelWriter<long> writer, long events)
    {
        for (long i = 0; i < events; i++)
        {
            await writer.WriteAsync(i).ConfigureAwait(false);
        }

        writer.Complete();
    }

    private static async Task<(long Count, long Sum)> ConsumeAsync(ChannelReader<long> reader)
    {
        long count = 0;
        long sum = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out long v))
            {
                count++;
                sum += v;
            }
        }

        return (count, sum);
    }

    private static string Check(long events, long count, long sum) =>
        count == events && sum == events * (events - 1) / 2 ? "count and sum exact" : $"MISMATCH count={count} sum={sum}";
}
