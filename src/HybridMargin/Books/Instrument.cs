namespace HybridMargin.Books;

/// <summary>A tradable instrument on one underlying asset.</summary>
public sealed record Instrument
{
    /// <summary>Position in <see cref="Book.Instruments"/>.</summary>
    public required int Index { get; init; }

    /// <summary>Symbol, unique in the book.</summary>
    public required string Symbol { get; init; }

    /// <summary>Kind of instrument.</summary>
    public required InstrumentKind Kind { get; init; }

    /// <summary>Index of the underlying asset.</summary>
    public required int Underlying { get; init; }

    /// <summary>Index of the asset whose balance pays for spot purchases and option premiums (the book's <c>quote</c>, default USDT).</summary>
    public required int Quote { get; init; }

    /// <summary>Contract multiplier (1 for spot).</summary>
    public double Multiplier { get; init; } = 1;

    /// <summary>Expiry of futures and options.</summary>
    public DateTimeOffset? Expiry { get; init; }

    /// <summary>Time to expiry in years at <see cref="Book.AsOf"/> (0 for spot and perpetuals, may be ≤ 0 when expired).</summary>
    public double YearsToExpiry { get; init; }

    /// <summary>Option strike.</summary>
    public double Strike { get; init; }

    /// <summary>Option right.</summary>
    public OptionRight Right { get; init; }

    /// <summary>Option implied vol at load (the engine updates its own copy).</summary>
    public double ImpliedVol { get; init; }
}
