using System.Runtime.CompilerServices;

namespace HybridMargin.Pricing;

/// <summary>Standard normal density, CDF and quantile to double precision, allocation-free.</summary>
public static class NormalDistribution
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    /// <summary>n(x), the standard normal density.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Density(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// N(x), the standard normal CDF: Hart's 1968 rational approximation (as published by West, 2005),
    /// absolute error below 1e-14, with the tail evaluated directly so N(−x) keeps relative precision.
    /// </summary>
    public static double Cdf(double x)
    {
        double a = Math.Abs(x);
        double tail;
        if (a > 37)
        {
            tail = 0;
        }
        else
        {
            double e = Math.Exp(-0.5 * a * a);
            if (a < 7.07106781186547)
            {
                double num = (0.0352624965998911 * a) + 0.700383064443688;
                num = (num * a) + 6.37396220353165;
                num = (num * a) + 33.912866078383;
                num = (num * a) + 112.079291497871;
                num = (num * a) + 221.213596169931;
                num = (num * a) + 220.206867912376;
                double den = (0.0883883476483184 * a) + 1.75566716318264;
                den = (den * a) + 16.064177579207;
                den = (den * a) + 86.7807322029461;
                den = (den * a) + 296.564248779674;
                den = (den * a) + 637.333633378831;
                den = (den * a) + 793.826512519948;
                den = (den * a) + 440.413735824752;
                tail = e * num / den;
            }
            else
            {
                double b = a + 0.65;
                b = a + (4 / b);
                b = a + (3 / b);
                b = a + (2 / b);
                b = a + (1 / b);
                tail = e / b / 2.506628274631;
            }
        }

        return x > 0 ? 1 - tail : tail;
    }

    /// <summary>
    /// N⁻¹(p): Acklam's rational approximation refined by one Halley step against <see cref="Cdf"/>,
    /// which brings it to the precision of the CDF. NaN outside (0, 1).
    /// </summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            return double.NaN;
        }

        const double PLow = 0.02425;
        double x;
        if (p < PLow)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = TailNumerator(q) / TailDenominator(q);
        }
        else if (p <= 1 - PLow)
        {
            double q = p - 0.5;
            double r = q * q;
            x = ((((((-3.969683028665376e+01 * r) + 2.209460984245205e+02) * r) - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00;
            x = x * q / ((((((((-5.447609879822406e+01 * r) + 1.615858368580409e+02) * r) - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r) + 1);
        }
        else
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -TailNumerator(q) / TailDenominator(q);
        }

        // One Halley step: e = N(x) − p, u = e·√(2π)·exp(x²/2).
        double err = Cdf(x) - p;
        double u = err * Math.Sqrt(2 * Math.PI) * Math.Exp(0.5 * x * x);
        return x - (u / (1 + (0.5 * x * u)));
    }

    private static double TailNumerator(double q) =>
        (((((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q) - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q) + 4.374664141464968e+00) * q + 2.938163982698783e+00;

    private static double TailDenominator(double q) =>
        ((((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q) + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q) + 1;
}
