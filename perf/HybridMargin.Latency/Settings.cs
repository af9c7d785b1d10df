namespace HybridMargin.Latency;

/// <summary>Counts and durations of the run, and the figures the ratio summary needs.</summary>
internal sealed class Settings
{
    /// <summary>Warm-up round trips before recording.</summary>
    public long Warmup { get; init; } = 100_000;

    /// <summary>Recorded round trips (floor, ring, spinning Channels).</summary>
    public long Iterations { get; init; } = 1_000_000;

    /// <summary>Recorded round trips for the slow variants (blocking, sleeping, async Channels); also time-bounded.</summary>
    public long SlowIterations { get; init; } = 200_000;

    /// <summary>Upper bound on one latency measurement.</summary>
    public TimeSpan LatencyTimeLimit { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Events for the ring's 1P–1C throughput.</summary>
    public long RingEvents { get; init; } = 50_000_000;

    /// <summary>Events for Channels' throughput (and the ring's blocking variant).</summary>
    public long ChannelEvents { get; init; } = 5_000_000;

    /// <summary>How long each gate throughput run submits.</summary>
    public TimeSpan GateSeconds { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long each gate latency run lasts at most.</summary>
    public TimeSpan GateLatencySeconds { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Offered rate of the FIX wire-to-wire ping-pong, orders per second.</summary>
    public int FixRate { get; init; } = 1000;

    /// <summary>Duration of one FIX round per server.</summary>
    public TimeSpan FixSeconds { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Alternating rounds per server.</summary>
    public int FixRounds { get; init; } = 3;

    /// <summary>Warm-up orders at the start of each FIX round.</summary>
    public int FixWarmup { get; init; } = 2000;

    public long? FixOursP50 { get; set; }

    public long? FixExecutorP50 { get; set; }

    public static Settings Quick() => new()
    {
        Warmup = 20_000,
        Iterations = 100_000,
        SlowIterations = 10_000,
        LatencyTimeLimit = TimeSpan.FromSeconds(1),
        RingEvents = 5_000_000,
        ChannelEvents = 1_000_000,
        GateSeconds = TimeSpan.FromSeconds(0.5),
        GateLatencySeconds = TimeSpan.FromSeconds(0.5),
        FixSeconds = TimeSpan.FromSeconds(1),
        FixRounds = 1,
        FixWarmup = 500,
    };

    public long? FloorRoundTripP50 { get; set; }

    public string? FloorName { get; set; }

    public long? RingRoundTripP50 { get; set; }

    public long? RequestReplyFloorP50 { get; set; }

    public double? RequestReplyFloorUntimed { get; set; }

    public long? RingInSlotP50 { get; set; }

    public double? RingInSlotUntimed { get; set; }

    public long? EvaluateAloneP50 { get; set; }

    public double? RingThroughput { get; set; }

    public double? RingThroughputBatched { get; set; }

    public long? ChannelsRoundTripP50 { get; set; }

    public string? ChannelsRoundTripName { get; set; }

    public double? ChannelsThroughput { get; set; }

    public string? ChannelsThroughputName { get; set; }

    public long? GateRoundTripP50 { get; set; }

    public string? GateRoundTripName { get; set; }

    public double? GateThroughput { get; set; }

    public long? FusedRoundTripP50 { get; set; }

    public double? FusedThroughput { get; set; }

    public double? FloorRoundTripUntimed { get; set; }

    public double? RingRoundTripUntimed { get; set; }

    public double? ChannelsRoundTripUntimed { get; set; }

    public string? GateThroughputName { get; set; }

    public override string ToString() =>
        $"warm-up {Warmup:N0}, iterations {Iterations:N0} (slow variants {SlowIterations:N0}, ≤ {LatencyTimeLimit.TotalSeconds:F0} s), ring events {RingEvents:N0}, channel events {ChannelEvents:N0}, gate {GateSeconds.TotalSeconds:F1} s";
}
