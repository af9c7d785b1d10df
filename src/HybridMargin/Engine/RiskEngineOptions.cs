namespace HybridMargin.Engine;

/// <summary>Sizing of the engine's preallocated tables.</summary>
public sealed record RiskEngineOptions
{
    /// <summary>Most open orders across all accounts; the table is allocated once at start.</summary>
    public int OpenOrderCapacity { get; init; } = 1 << 16;
}
