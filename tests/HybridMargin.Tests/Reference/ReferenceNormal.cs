namespace HybridMargin.Tests.Reference;

/// <summary>
/// The standard normal distribution written from scratch for the reference: the density, the CDF through
/// erfc (a positive-term series below 3, Laplace's continued fraction above), and the quantile by bisection.
/// Absolute error of the CDF about 1e-15.
/// </summary>
internal static class ReferenceNormal
{
    /// <summary>n(x).</summary>
    public static double Density(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    /// <summary>N(x) = ½·erfc(−x/√2).</summary>
    public static double Cdf(double x) =>
        x < 0 ? 0.5 * Erfc(-x / Math.Sqrt(2)) : 1 - (0.5 * Erfc(x / Math.Sqrt(2)));

    /// <summary>N⁻¹(p) by bisection of <see cref="Cdf"/> down to adjacent doubles.</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "must be in (0, 1)");
        }

        double low = -40;
        double high = 40;
        for (int i = 0; i < 2000; i++)
        {
            double middle = 0.5 * (low + high);
            if (middle <= low || middle >= high)
            {
                break;
            }

            if (Cdf(middle) < p)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>erfc(z) for z ≥ 0.</summary>
    private static double Erfc(double z) => z < 3 ? 1 - ErfBySeries(z) : ErfcByContinuedFraction(z);

    /// <summary>erf(z) = (2/√π)·e^{−z²}·Σ_{k≥0} 2^k·z^{2k+1} / (1·3·5···(2k+1)): every term positive, no cancellation.</summary>
    private static double ErfBySeries(double z)
    {
        double term = z;
        double sum = z;
        for (int k = 1; term > 1e-17 * sum; k++)
        {
            term *= 2 * z * z / ((2 * k) + 1);
            sum += term;
        }

        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z) * sum;
    }

    /// <summary>erfc(z) = e^{−z²}/√π · 1/(z + (1/2)/(z + (2/2)/(z + (3/2)/(z + …)))), evaluated from the bottom; 60 levels are exact to rounding for z ≥ 3.</summary>
    private static double ErfcByContinuedFraction(double z)
    {
        double fraction = z;
        for (int k = 60; k >= 1; k--)
        {
            fraction = z + (k / 2.0 / fraction);
        }

        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / fraction;
    }
}
