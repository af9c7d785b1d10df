using HybridMargin.Engine;
using HybridMargin.Recalculation;

namespace HybridMargin.Gate;

/// <summary>How a <see cref="RiskGate"/> is built: ring, waiting, threads, tables.</summary>
public sealed record GateOptions
{
    /// <summary>Slots of the inbound ring (a power of two).</summary>
    public int RingSize { get; init; } = 4096;

    /// <summary>How the stages wait.</summary>
    public WaitStrategyKind WaitStrategy { get; init; } = WaitStrategyKind.Yielding;

    /// <summary>Core to pin the risk thread to; null leaves it to the scheduler.</summary>
    public int? RiskCore { get; init; }

    /// <summary>Core to pin the responder thread to; null leaves it to the scheduler.</summary>
    public int? ResponderCore { get; init; }

    /// <summary>
    /// Deliver replies on the risk thread and run no responder thread: one cross-thread hand-off fewer per decision.
    /// Better on small machines (2 cores) where a third busy thread has no core; reply sinks then run on the risk
    /// thread, so they must be quick. Awaiters are unaffected (their continuations go to the thread pool either way).
    /// </summary>
    public bool ReplyOnRiskThread { get; init; }

    /// <summary>
    /// Synchronous submitters that can wait on their own slot at once (a power of two; 0: none). Such a submitter reads
    /// its decision back from the slot its order went into: request and decision share the slot's cache lines, one
    /// round trip between two cores instead of the slot's and a waiter object's. While it waits, no producer can claim
    /// that slot a lap later (see <see cref="Ring.SlotHolds"/>); a submitter that finds every hold taken waits through a
    /// pooled <see cref="DecisionSource"/> instead.
    /// </summary>
    public int SlotHolds { get; init; } = 16;

    /// <summary>Decision sources kept for reuse (at least the number of submissions in flight at once).</summary>
    public int DecisionPoolSize { get; init; } = 1024;

    /// <summary>How long <see cref="RiskGate.Stop"/> waits for the ring to drain.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives liquidation transitions, on the risk thread (see <see cref="ILiquidationSink"/>).</summary>
    public ILiquidationSink? LiquidationSink { get; init; }

    /// <summary>Background full recalculation (Monte Carlo add-ons, snapshots); null runs none.</summary>
    public RecalculationOptions? Recalculation { get; init; }

    /// <summary>
    /// Journal every state-changing event before its decision is released, snapshot the state, and recover both when
    /// the gate is built (see <see cref="Journal.JournalOptions"/>); null keeps no journal.
    /// </summary>
    public Journal.JournalOptions? Journal { get; init; }

    /// <summary>The engine's table sizes and staleness limit.</summary>
    public RiskEngineOptions Engine { get; init; } = new();
}
