namespace HybridMargin.Engine;

/// <summary>A reserved (accepted, unfilled) order: what a fill or cancel needs to undo its reservation.</summary>
internal struct OpenOrder
{
    public int Account;
    public long ClientOrderId;
    public int Instrument;
    public Side Side;

    /// <summary>Unfilled quantity, &gt; 0 while open.</summary>
    public double Remaining;

    /// <summary>Price (USD) the reservation was made at: the limit, or the mark at acceptance for market orders.</summary>
    public double Price;

    /// <summary>The same price in units of the quote asset at its mark at acceptance: what the reservation moved in the quote balance.</summary>
    public double QuotePrice;

    public bool Occupied;
}
