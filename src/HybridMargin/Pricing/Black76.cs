using System.Runtime.CompilerServices;
using HybridMargin.Books;

namespace HybridMargin.Pricing;

/// <summary>
/// Black-76 on the forward F = S·e^{rT}, discounted by e^{−rT} (SPEC §4.1). Greeks are taken with respect
/// to the spot S, so delta_call = N(d1) and the model coincides with Black–Scholes without carry.
/// </summary>
public static class Black76
{
    /// <summary>Option value per unit. Expired options (T ≤ 0) are worth their intrinsic value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Price(OptionRight right, double spot, double strike, double years, double vol, double rate)
    {
        if (years <= 0)
        {
            return Intrinsic(right, spot, strike);
        }

        double sqrtT = Math.Sqrt(years);
        double sigmaSqrtT = vol * sqrtT;
        double discount = Math.Exp(-rate * years);
        double forward = spot / discount;
        double d1 = (Math.Log(forward / strike) + (0.5 * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        double d2 = d1 - sigmaSqrtT;
        return right == OptionRight.Call
            ? discount * ((forward * NormalDistribution.Cdf(d1)) - (strike * NormalDistribution.Cdf(d2)))
            : discount * ((strike * NormalDistribution.Cdf(-d2)) - (forward * NormalDistribution.Cdf(-d1)));
    }

    /// <summary>Value, delta, gamma, vega and theta per unit.</summary>
    public static OptionGreeks Greeks(OptionRight right, double spot, double strike, double years, double vol, double rate)
    {
        if (years <= 0)
        {
            double delta = right == OptionRight.Call
                ? (spot > strike ? 1 : 0)
                : (spot < strike ? -1 : 0);
            return new OptionGreeks(Intrinsic(right, spot, strike), delta, 0, 0, 0);
        }

        double sqrtT = Math.Sqrt(years);
        double sigmaSqrtT = vol * sqrtT;
        double discount = Math.Exp(-rate * years);
        double forward = spot / discount;
        double d1 = (Math.Log(forward / strike) + (0.5 * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        double d2 = d1 - sigmaSqrtT;
        double nd1 = NormalDistribution.Density(d1);
        double gamma = nd1 / (spot * sigmaSqrtT);
        double vega = spot * nd1 * sqrtT;
        double decay = -spot * nd1 * vol / (2 * sqrtT);
        double kDiscount = strike * discount;
        if (right == OptionRight.Call)
        {
            double nD1 = NormalDistribution.Cdf(d1);
            double nD2 = NormalDistribution.Cdf(d2);
            double value = (spot * nD1) - (kDiscount * nD2);
            double theta = decay - (rate * kDiscount * nD2);
            return new OptionGreeks(value, nD1, gamma, vega, theta / 365.0);
        }
        else
        {
            double nMinusD1 = NormalDistribution.Cdf(-d1);
            double nMinusD2 = NormalDistribution.Cdf(-d2);
            double value = (kDiscount * nMinusD2) - (spot * nMinusD1);
            double theta = decay + (rate * kDiscount * nMinusD2);
            return new OptionGreeks(value, -nMinusD1, gamma, vega, theta / 365.0);
        }
    }

    /// <summary>max(S − K, 0) for a call, max(K − S, 0) for a put.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Intrinsic(OptionRight right, double spot, double strike) =>
        right == OptionRight.Call ? Math.Max(spot - strike, 0) : Math.Max(strike - spot, 0);
}
