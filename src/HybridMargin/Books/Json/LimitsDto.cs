namespace HybridMargin.Books.Json;

/// <summary>An account's <c>limits</c>; an absent member is a limit that is not enforced.</summary>
internal sealed class LimitsDto
{
    public double? MaxOrderQty { get; init; }

    public double? MaxOrderNotional { get; init; }

    public double? PriceBand { get; init; }

    public int? MaxOpenOrders { get; init; }

    public int? MaxOrdersPerSecond { get; init; }

    public Dictionary<string, double>? MaxPosition { get; init; }
}
