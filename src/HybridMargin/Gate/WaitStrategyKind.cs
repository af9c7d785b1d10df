namespace HybridMargin.Gate;

/// <summary>How the gate's stages wait for work (SPEC §2: configuration, so the gate also runs on 2 cores).</summary>
public enum WaitStrategyKind
{
    /// <summary>Spin: lowest latency; needs a free core per stage.</summary>
    BusySpin,

    /// <summary>Spin briefly, then yield: near-spin latency, shares cores. The default.</summary>
    Yielding,

    /// <summary>Spin, yield, then sleep 1 ms: little CPU when idle, millisecond wake-ups.</summary>
    Sleeping,

    /// <summary>Park on a monitor: no CPU when idle, a lock per publish.</summary>
    Blocking,
}
