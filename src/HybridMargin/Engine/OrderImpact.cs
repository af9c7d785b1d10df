namespace HybridMargin.Engine;

/// <summary>
/// What one order adds to one side of an account, computed once per evaluation: at most three entries of the
/// (D, V) exposure, one of G, the scenario-grid vectors of the underlying and of the quote asset, and equity terms.
/// </summary>
internal struct OrderImpact
{
    public int Instrument;
    public int Underlying;
    public int Quote;
    public int Side;
    public double SignedQuantity;
    public double Price;

    /// <summary>The price in units of the quote asset (price / quote mark).</summary>
    public double QuotePrice;
    public double Delta;
    public double Vega;
    public double Gamma;

    /// <summary>Units of the underlying's balance the order adds (spot only).</summary>
    public double BaseUnits;

    /// <summary>Units of the quote asset's balance the order adds (spot cost, option premium).</summary>
    public double QuoteUnits;

    /// <summary>Σ q·m·value for derivatives.</summary>
    public double DerivativeValue;

    /// <summary>q·m·price for futures and perpetuals.</summary>
    public double Cost;

    /// <summary>Loss_u of the order's side with the order in it (written by the margin check, reused when reserving).</summary>
    public double UnderlyingLoss;

    /// <summary>Loss of the quote asset likewise (when the order moves quote cash).</summary>
    public double QuoteLoss;
}
