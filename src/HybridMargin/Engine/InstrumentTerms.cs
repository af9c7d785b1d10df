using HybridMargin.Books;

namespace HybridMargin.Engine;

/// <summary>The fields of an instrument the hot path reads, packed as a struct so one cache line holds them.</summary>
internal readonly struct InstrumentTerms
{
    public InstrumentTerms(Instrument instrument)
    {
        Kind = instrument.Kind;
        Underlying = instrument.Underlying;
        Quote = instrument.Quote;
        Multiplier = instrument.Multiplier;
        Expired = instrument.Kind == InstrumentKind.Option && instrument.YearsToExpiry <= 0;
    }

    public InstrumentKind Kind { get; }

    public int Underlying { get; }

    public int Quote { get; }

    public double Multiplier { get; }

    public bool Expired { get; }

    public bool IsSpot => Kind == InstrumentKind.Spot;

    public bool IsOption => Kind == InstrumentKind.Option;
}
