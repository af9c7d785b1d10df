namespace HybridMargin.Engine;

/// <summary>Sizing of the engine's preallocated tables.</summary>
public sealed record RiskEngineOptions
{
    /// <summary>Most open orders across all accounts; the table is allocated once at start.</summary>
    public int OpenOrderCapacity { get; init; } = 1 << 16;

    /// <summary>
    /// Longest time (in the orders' own nanosecond timestamps) since the last adopted risk snapshot before
    /// risk-increasing orders are rejected with <see cref="RejectCode.StaleRisk"/>; null turns the check off.
    /// When set, the engine counts as stale until the first <see cref="RiskEngine.AdoptSnapshot"/>.
    /// </summary>
    public long? MaxSnapshotAgeNanos { get; init; }
}
