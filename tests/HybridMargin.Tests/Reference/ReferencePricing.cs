using HybridMargin.Books;

namespace HybridMargin.Tests.Reference;

/// <summary>Values and Greeks per unit (multiplier not applied) of SPEC §4.1, written from the formulas.</summary>
internal static class ReferencePricing
{
    /// <summary>T = (expiry − asOf) in seconds / (365 × 86,400); 0 for spot and perpetuals.</summary>
    public static double YearsToExpiry(Book book, Instrument instrument) =>
        instrument.Expiry is { } expiry ? (expiry - book.AsOf).TotalSeconds / (365.0 * 86_400) : 0;

    /// <summary>Spot and perpetuals: S. Futures: F = S·e^{rT}. Options: Black-76 at <paramref name="vol"/>, intrinsic once expired.</summary>
    public static double Value(Book book, Instrument instrument, double spot, double vol)
    {
        double r = book.Parameters.RiskFreeRate;
        double t = YearsToExpiry(book, instrument);
        switch (instrument.Kind)
        {
            case InstrumentKind.Future:
                // An expired future is marked at spot (T floored at 0): the engine's choice, the SPEC is silent.
                return spot * Math.Exp(r * Math.Max(t, 0));
            case InstrumentKind.Option:
                break;
            default:
                return spot;
        }

        double k = instrument.Strike;
        bool call = instrument.Right == OptionRight.Call;
        if (t <= 0)
        {
            return call ? Math.Max(spot - k, 0) : Math.Max(k - spot, 0);
        }

        double forward = spot * Math.Exp(r * t);
        double discount = Math.Exp(-r * t);
        double sd = vol * Math.Sqrt(t);
        double d1 = (Math.Log(forward / k) + (0.5 * sd * sd)) / sd;
        double d2 = d1 - sd;
        return call
            ? discount * ((forward * ReferenceNormal.Cdf(d1)) - (k * ReferenceNormal.Cdf(d2)))
            : discount * ((k * ReferenceNormal.Cdf(-d2)) - (forward * ReferenceNormal.Cdf(-d1)));
    }

    /// <summary>∂V/∂S, ∂²V/∂S², ∂V/∂σ per unit. Spot and perpetuals: delta 1; futures: e^{rT}; expired options: 0 or ±1.</summary>
    public static (double Delta, double Gamma, double Vega) Greeks(Book book, Instrument instrument, double spot, double vol)
    {
        double r = book.Parameters.RiskFreeRate;
        double t = YearsToExpiry(book, instrument);
        switch (instrument.Kind)
        {
            case InstrumentKind.Future:
                return (Math.Exp(r * Math.Max(t, 0)), 0, 0);
            case InstrumentKind.Option:
                break;
            default:
                return (1, 0, 0);
        }

        double k = instrument.Strike;
        bool call = instrument.Right == OptionRight.Call;
        if (t <= 0)
        {
            return (call ? (spot > k ? 1 : 0) : (spot < k ? -1 : 0), 0, 0);
        }

        // V = e^{−rT}·(F·N(d1) − K·N(d2)) with F = S·e^{rT}: dV/dS = N(d1) (call), N(d1) − 1 (put);
        // d²V/dS² = n(d1)/(S·σ√T); dV/dσ = e^{−rT}·F·n(d1)·√T = S·n(d1)·√T.
        double forward = spot * Math.Exp(r * t);
        double sd = vol * Math.Sqrt(t);
        double d1 = (Math.Log(forward / k) + (0.5 * sd * sd)) / sd;
        double density = ReferenceNormal.Density(d1);
        double delta = call ? ReferenceNormal.Cdf(d1) : ReferenceNormal.Cdf(d1) - 1;
        return (delta, density / (spot * sd), spot * density * Math.Sqrt(t));
    }
}
