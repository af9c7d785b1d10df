using HybridMargin.Ring;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Ring;

/// <summary>
/// Ordering and exactly-once delivery through three dependent stages, for every wait strategy, with the
/// 2-core machine running 4 producers + 3 stages (7 threads): progress depends on the OS preempting spinners.
/// </summary>
/// <remarks>
/// Ring size: with 1,024 slots (measured on the 2-core CI machine, Release) the 4-producer run took 1.7 s
/// yielding, 3.8 s sleeping, 33 s blocking, and busy-spin did not finish in 60 s (about 2.4–2.7 million of the
/// 4 million events; the single-producer busy-spin run took 28 s): every spinning consumer burns a whole
/// scheduler time slice while at most one ring's worth of events can move, so throughput is bounded by ring
/// size × context switches. With 16,384 slots every strategy runs the full 4 × 1,000,000 events in under 5 s
/// (busy-spin ≈ 4.7 s, blocking 2.2–3.5 s, sleeping 0.8–2.1 s, yielding ≈ 0.5 s), and 4 million events are still
/// 244 laps of the ring. Wrap-around on a tiny ring (8 and 64 slots) is covered by <see cref="WrapAroundTests"/>.
/// </remarks>
[Collection(RingCollection.Name)]
public sealed class PipelineTests
{
    private const int RingSize = 16_384;
    private const int Producers = 4;
    private const int EventsPerProducer = 1_000_000;

    private readonly ITestOutputHelper _output;

    public PipelineTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Every wait strategy, with the first stage polling the slots' own marks (a ring built on its sequencer) or the cursor.</summary>
    public static TheoryData<string, bool> Strategies => new()
    {
        { "BusySpin", true }, { "Yielding", true }, { "Sleeping", true }, { "Blocking", true },
        { "BusySpin", false }, { "Yielding", false }, { "Sleeping", false }, { "Blocking", false },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Four_producers_deliver_every_event_once_and_in_order_through_three_dependent_stages(string strategy, bool slotMarks)
    {
        var elapsed = strategy switch
        {
            "BusySpin" => Run(new BusySpinWaitStrategy(), slotMarks),
            "Yielding" => Run(new YieldingWaitStrategy(), slotMarks),
            "Sleeping" => Run(new SleepingWaitStrategy(), slotMarks),
            "Blocking" => Run(new BlockingWaitStrategy(), slotMarks),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown wait strategy"),
        };
        _output.WriteLine($"{strategy} (slot marks: {slotMarks}): {Producers} producers x {EventsPerProducer:N0} events through 3 stages in {elapsed.TotalSeconds:0.00} s");
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void One_producer_delivers_every_event_once_and_in_order_through_three_dependent_stages(string strategy, bool slotMarks)
    {
        var elapsed = strategy switch
        {
            "BusySpin" => RunSingle(new BusySpinWaitStrategy(), slotMarks),
            "Yielding" => RunSingle(new YieldingWaitStrategy(), slotMarks),
            "Sleeping" => RunSingle(new SleepingWaitStrategy(), slotMarks),
            "Blocking" => RunSingle(new BlockingWaitStrategy(), slotMarks),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown wait strategy"),
        };
        _output.WriteLine($"{strategy} (slot marks: {slotMarks}): 1 producer x {EventsPerProducer:N0} events through 3 stages in {elapsed.TotalSeconds:0.00} s");
    }

    private static TimeSpan Run<TWait>(TWait wait, bool slotMarks)
        where TWait : struct, IWaitStrategy =>
        ThreeStagePipeline.Run(new MultiProducerSequencer<TWait>(RingSize, wait), wait, Producers, EventsPerProducer, slotMarks);

    private static TimeSpan RunSingle<TWait>(TWait wait, bool slotMarks)
        where TWait : struct, IWaitStrategy =>
        ThreeStagePipeline.Run(new SingleProducerSequencer<TWait>(RingSize, wait), wait, 1, EventsPerProducer, slotMarks);
}
