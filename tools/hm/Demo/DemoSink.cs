using System.Diagnostics;
using HdrHistogram;
using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Cli.Demo;

/// <summary>
/// Receives every reply on the responder thread (and refusals on producer threads): counts decisions by reason,
/// records submit→decision latency in an HdrHistogram with coordinated-omission correction at the offered rate,
/// passes accepted orders to the venue, and appends every order decision to the decision log when there is one.
/// </summary>
internal sealed class DemoSink : IReplySink
{
    private readonly long[] _byCode = new long[Enum.GetValues<RejectCode>().Length];
    private readonly LongHistogram _latency = new(TimeSpan.FromSeconds(10).Ticks * 100, 3);
    private readonly long _expectedIntervalNanos;
    private readonly Lock _histogramLock = new();
    private long _orders;
    private long _events;

    public DemoSink(VenueQueue venue, long expectedIntervalNanos, DecisionLog? log = null)
    {
        Venue = venue;
        _expectedIntervalNanos = expectedIntervalNanos;
        Log = log;
    }

    public DecisionLog? Log { get; }

    public VenueQueue Venue { get; }

    public long Orders => Interlocked.Read(ref _orders);

    public long Events => Interlocked.Read(ref _events);

    public long Count(RejectCode code) => Interlocked.Read(ref _byCode[(int)code]);

    public void OnReply(in GateReply reply)
    {
        Interlocked.Increment(ref _events);
        if (reply.Kind != GateEventKind.Order)
        {
            return;
        }

        // Logged first: the line is what the client has received, whatever happens to the process next.
        Log?.Write(reply.Account, reply.Decision.ClientOrderId, reply.Decision.Code);
        long nanos = (long)((Stopwatch.GetTimestamp() - reply.SubmittedTimestamp) * (1e9 / Stopwatch.Frequency));
        // Refusals (Saturated, GateStopped) are answered on producer threads, so recording is locked; the lock is
        // uncontended on the responder thread in steady state.
        lock (_histogramLock)
        {
            _latency.RecordValueWithExpectedInterval(Math.Max(nanos, 1), _expectedIntervalNanos);
        }

        Interlocked.Increment(ref _byCode[(int)reply.Decision.Code]);
        Interlocked.Increment(ref _orders);
        if (reply.Decision.Accepted)
        {
            Venue.TryEnqueue(reply.Account, reply.Decision.ClientOrderId);
        }
    }

    /// <summary>Latency at a percentile, in nanoseconds.</summary>
    public long Percentile(double percentile)
    {
        lock (_histogramLock)
        {
            return _latency.TotalCount == 0 ? 0 : _latency.GetValueAtPercentile(percentile);
        }
    }

    public long Max()
    {
        lock (_histogramLock)
        {
            return _latency.GetMaxValue();
        }
    }
}
