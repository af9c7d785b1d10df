namespace HybridMargin.Books;

/// <summary>What an instrument is; decides how it is marked, margined and settled.</summary>
public enum InstrumentKind
{
    /// <summary>Spot: trades move balances of the underlying and the quote asset.</summary>
    Spot,

    /// <summary>Perpetual swap, marked at S.</summary>
    Perpetual,

    /// <summary>Dated linear future, marked at F = S·e^{rT}.</summary>
    Future,

    /// <summary>European option priced with Black-76.</summary>
    Option,
}
