namespace HybridMargin.Books;

/// <summary>An asset of the book: a collateral currency and a risk factor (its price return and its implied-vol change).</summary>
public sealed record Asset
{
    /// <summary>Position of the asset in <see cref="Book.Assets"/>; risk-factor vectors are indexed by it.</summary>
    public required int Index { get; init; }

    /// <summary>Symbol, unique in the book.</summary>
    public required string Symbol { get; init; }

    /// <summary>USD mark at <see cref="Book.AsOf"/>.</summary>
    public required double Price { get; init; }

    /// <summary>Annualised volatility of the price.</summary>
    public required double Vol { get; init; }

    /// <summary>Std-dev of the one-day change of the asset's implied vol, in vol points (0.03 = 3 points).</summary>
    public double VolOfVol { get; init; }

    /// <summary>Correlation between the price return and the implied-vol change.</summary>
    public double SpotVolCorrelation { get; init; }

    /// <summary>Collateral haircut, in [0, 1).</summary>
    public double Haircut { get; init; }

    /// <summary>Scenario-grid price range as a fraction of the price (SPEC §4.4).</summary>
    public double PriceRange { get; init; }

    /// <summary>Scenario-grid vol shock in absolute vol points.</summary>
    public double VolShock { get; init; }

    /// <summary>Short-option minimum per unit of underlying notional (SPEC §4.4).</summary>
    public double ShortOptionMinimum { get; init; }
}
