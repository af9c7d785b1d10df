namespace HybridMargin.Risk;

/// <summary>
/// The automated haircut of SPEC §4.7: h = min(cap, max(base, k·z_α·σ·√τ)) — never below the book's haircut,
/// rising with the asset's current vol over the risk horizon, and capped.
/// </summary>
/// <param name="Multiplier">k.</param>
/// <param name="Cap">The largest haircut (&lt; 1).</param>
public readonly record struct DynamicHaircut(double Multiplier, double Cap)
{
    /// <summary>The haircut for an asset with base haircut <paramref name="baseHaircut"/> and annual vol <paramref name="annualVol"/>.</summary>
    /// <param name="baseHaircut">The book's haircut.</param>
    /// <param name="annualVol">σ, annualised.</param>
    /// <param name="varQuantile">z_α.</param>
    /// <param name="horizonYears">τ.</param>
    public double Haircut(double baseHaircut, double annualVol, double varQuantile, double horizonYears) =>
        Math.Min(Cap, Math.Max(baseHaircut, Multiplier * varQuantile * annualVol * Math.Sqrt(horizonYears)));
}
