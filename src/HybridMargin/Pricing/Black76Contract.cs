using HybridMargin.Books;

namespace HybridMargin.Pricing;

/// <summary>
/// The per-contract terms of Black-76 at a fixed rate — strike, time to expiry, √T, the discount factor e^{−rT} and
/// the right — worked out once, so repricing on every mark tick calls no native exp or sqrt: after 256/512-bit vector
/// code such a call cost ~145 ns on this project's VMs instead of ~5 ns (the JIT does not clear the upper vector state
/// before it), which made them most of a tick.
/// </summary>
public readonly struct Black76Contract
{
    /// <summary>Terms of a contract with <paramref name="years"/> to expiry at the continuously compounded <paramref name="rate"/>.</summary>
    public Black76Contract(OptionRight right, double strike, double years, double rate)
    {
        Strike = strike;
        IsCall = right == OptionRight.Call;
        IsExpired = years <= 0;
        SqrtYears = IsExpired ? 0 : Math.Sqrt(years);
        Discount = Math.Exp(-rate * years);
    }

    /// <summary>Strike K.</summary>
    public double Strike { get; }

    /// <summary>√T (0 when expired).</summary>
    public double SqrtYears { get; }

    /// <summary>e^{−rT}.</summary>
    public double Discount { get; }

    /// <summary>True for a call, false for a put.</summary>
    public bool IsCall { get; }

    /// <summary>T ≤ 0: the option is worth its intrinsic value.</summary>
    public bool IsExpired { get; }

    /// <summary>F/K = S/(e^{−rT}·K) at <paramref name="spot"/>: two roundings, so its log is accurate near the money (ln S − ln(K·D) would lose ~4 bits there to cancellation).</summary>
    public double Moneyness(double spot) => spot / Discount / Strike;

    /// <summary>+1 for a call, −1 for a put: the call formula with d₁, d₂ and the value negated gives the put.</summary>
    public double Sign => IsCall ? 1 : -1;
}
