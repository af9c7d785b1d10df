using System.Runtime.CompilerServices;
using HybridMargin.Books;

namespace HybridMargin.Pricing;

/// <summary>Marks and Greeks per unit of any instrument kind (SPEC §4.1), multiplier not applied.</summary>
public static class InstrumentPricer
{
    /// <summary>
    /// Spot and perpetuals: S with delta 1; futures: F = S·e^{rT} with delta e^{rT} (T floored at 0);
    /// options: Black-76 at <paramref name="vol"/>.
    /// </summary>
    public static OptionGreeks Greeks(Instrument instrument, double spot, double vol, double rate)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        switch (instrument.Kind)
        {
            case InstrumentKind.Option:
                return Black76.Greeks(instrument.Right, spot, instrument.Strike, instrument.YearsToExpiry, vol, rate);
            case InstrumentKind.Future:
                double growth = Math.Exp(rate * Math.Max(instrument.YearsToExpiry, 0));
                return new OptionGreeks(spot * growth, growth, 0, 0, 0);
            default:
                return new OptionGreeks(spot, 1, 0, 0, 0);
        }
    }

    /// <summary>Value per unit only (the scenario grid's full revaluation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(Instrument instrument, double spot, double vol, double rate) => instrument.Kind switch
    {
        InstrumentKind.Option => Black76.Price(instrument.Right, spot, instrument.Strike, instrument.YearsToExpiry, vol, rate),
        InstrumentKind.Future => spot * Math.Exp(rate * Math.Max(instrument.YearsToExpiry, 0)),
        _ => spot,
    };
}
