namespace HybridMargin.Recalculation;

/// <summary>When the gate recalculates in the background (SPEC §6).</summary>
public sealed record RecalculationOptions
{
    /// <summary>Start a recalculation after this many inbound events since the last one started (if none is running).</summary>
    public int EveryEvents { get; init; } = 100_000;

    /// <summary>Also start one when the orders' own clock has advanced this far since the last start; null: no time trigger.</summary>
    public long? EveryNanos { get; init; }

    /// <summary>Also start one when an asset's mark has moved by more than this fraction since the last start; null: no mark trigger.</summary>
    public double? MarkMove { get; init; }

    /// <summary>Monte Carlo scenarios; null uses the book's <c>mcScenarios</c>.</summary>
    public int? Scenarios { get; init; }

    /// <summary>SPEC §4.7: EWMA vols from mark ticks and dynamic haircuts, applied through each snapshot.</summary>
    public bool AutomatedParameters { get; init; }

    /// <summary>EWMA decay λ.</summary>
    public double EwmaLambda { get; init; } = 0.94;

    /// <summary>k of the dynamic haircut h = min(cap, max(base, k·z_α·σ·√τ)).</summary>
    public double HaircutMultiplier { get; init; } = 1.0;

    /// <summary>The cap of the dynamic haircut.</summary>
    public double HaircutCap { get; init; } = 0.5;
}
