namespace HybridMargin.Books.Json;

/// <summary>One element of <c>assets</c>.</summary>
internal sealed class AssetDto
{
    public string? Symbol { get; init; }

    public double? Price { get; init; }

    public double? Vol { get; init; }

    public double? VolOfVol { get; init; }

    public double? SpotVolCorrelation { get; init; }

    public double? Haircut { get; init; }

    public double? PriceRange { get; init; }

    public double? VolShock { get; init; }

    public double? ShortOptionMinimum { get; init; }
}
