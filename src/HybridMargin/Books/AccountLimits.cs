namespace HybridMargin.Books;

/// <summary>Per-account pre-trade limits; an absent limit (null) is not enforced.</summary>
public sealed record AccountLimits
{
    /// <summary>Largest quantity of one order.</summary>
    public double? MaxOrderQty { get; init; }

    /// <summary>Largest qty·multiplier·price of one order.</summary>
    public double? MaxOrderNotional { get; init; }

    /// <summary>Largest |limit − mark| / mark.</summary>
    public double? PriceBand { get; init; }

    /// <summary>Most open orders at once.</summary>
    public int? MaxOpenOrders { get; init; }

    /// <summary>Most accepted orders in any one-second window.</summary>
    public int? MaxOrdersPerSecond { get; init; }

    /// <summary>Largest absolute position per instrument index (balance for spot instruments).</summary>
    public IReadOnlyDictionary<int, double> MaxPosition { get; init; } = new Dictionary<int, double>();
}
