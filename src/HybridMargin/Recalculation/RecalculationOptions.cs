namespace HybridMargin.Recalculation;

/// <summary>When the gate recalculates in the background (SPEC §6).</summary>
public sealed record RecalculationOptions
{
    /// <summary>Start a recalculation after this many inbound events since the last one started (if none is running).</summary>
    public int EveryEvents { get; init; } = 100_000;

    /// <summary>Monte Carlo scenarios; null uses the book's <c>mcScenarios</c>.</summary>
    public int? Scenarios { get; init; }
}
