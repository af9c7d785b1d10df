using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Pricing;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Numerics;

/// <summary>Dense sweeps of each kernel against its scalar reference over the domain Monte Carlo repricing uses.</summary>
public class VectorMathAccuracyTests(ITestOutputHelper output)
{
    private const double SmallestNormal = 2.2250738585072014E-308;

    private static double Ulp(double v)
    {
        double a = Math.Abs(v);
        return Math.BitIncrement(a) - a;
    }

    private static double[] Grid(double lo, double hi, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = lo + ((hi - lo) * i / (n - 1));
        }

        return v;
    }

    private static (double MaxUlps, double MaxRelative, double At) UlpError(double[] x, double[] expected, double[] actual)
    {
        double maxUlps = 0;
        double maxRelative = 0;
        double at = double.NaN;
        for (int i = 0; i < x.Length; i++)
        {
            if (expected[i].Equals(actual[i]))
            {
                continue;
            }

            double error = Math.Abs(expected[i] - actual[i]);
            double ulps = error / Ulp(expected[i]);
            if (!(ulps <= maxUlps))
            {
                maxUlps = ulps;
                at = x[i];
            }

            if (Math.Abs(expected[i]) >= SmallestNormal)
            {
                maxRelative = Math.Max(maxRelative, error / Math.Abs(expected[i]));
            }
        }

        return (maxUlps, maxRelative, at);
    }

    [Fact]
    public void Exp_is_within_4_ulps_of_math_exp_from_underflow_to_overflow()
    {
        // Includes the subnormal results below x ≈ −708.4, where an ulp is the fixed 4.9e-324.
        var x = Grid(-745, 709, 1_000_001);
        var expected = new double[x.Length];
        var actual = new double[x.Length];
        VectorMath.ExpScalar(x, expected);

        VectorMath.Exp(x, actual);

        var (ulps, relative, at) = UlpError(x, expected, actual);
        output.WriteLine($"exp: max {ulps} ulp (at x = {at:R}), max relative {relative:E2}");
        Assert.True(ulps <= 4, $"exp: {ulps} ulp at x = {at:R}");
    }

    [Fact]
    public void Log_is_within_4_ulps_of_math_log_from_1e_minus_300_to_1e300()
    {
        var x = Grid(-300, 300, 1_000_001);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Pow(10, x[i]);
        }

        var expected = new double[x.Length];
        var actual = new double[x.Length];
        VectorMath.LogScalar(x, expected);

        VectorMath.Log(x, actual);

        var (ulps, relative, at) = UlpError(x, expected, actual);
        output.WriteLine($"log: max {ulps} ulp (at x = {at:R}), max relative {relative:E2}");
        Assert.True(ulps <= 4, $"log: {ulps} ulp at x = {at:R}");
    }

    [Fact]
    public void Log_near_one_has_absolute_error_below_1e_minus_15()
    {
        // ln x → 0 at x = 1, so ulps of the result say little there; the absolute error is what reaches d1.
        var x = Grid(0.5, 2, 1_000_001);
        var expected = new double[x.Length];
        var actual = new double[x.Length];
        VectorMath.LogScalar(x, expected);

        VectorMath.Log(x, actual);

        double maxAbsolute = 0;
        for (int i = 0; i < x.Length; i++)
        {
            maxAbsolute = Math.Max(maxAbsolute, Math.Abs(expected[i] - actual[i]));
        }

        output.WriteLine($"log on [0.5, 2]: max absolute {maxAbsolute:E2}");
        Assert.True(maxAbsolute <= 1e-15, $"log near 1: {maxAbsolute:E2}");
    }

    [Fact]
    public void Normal_cdf_is_within_1e_minus_14_absolute_and_1e_minus_12_relative_on_minus_38_to_9()
    {
        var x = Grid(-38, 9, 1_000_001);
        var expected = new double[x.Length];
        var actual = new double[x.Length];
        VectorMath.NormalCdfScalar(x, expected);

        VectorMath.NormalCdf(x, actual);

        double maxAbsolute = 0;
        double maxRelative = 0;
        double absoluteAt = double.NaN;
        double relativeAt = double.NaN;
        double lowestPositive = double.NaN;
        for (int i = 0; i < x.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= maxAbsolute))
            {
                maxAbsolute = error;
                absoluteAt = x[i];
            }

            if (expected[i] > 0)
            {
                lowestPositive = double.IsNaN(lowestPositive) ? x[i] : lowestPositive;
                double relative = error / expected[i];
                if (!(relative <= maxRelative))
                {
                    maxRelative = relative;
                    relativeAt = x[i];
                }
            }
            else
            {
                Assert.True(actual[i] == 0, $"N({x[i]:R}) = {actual[i]:R}, reference 0");
            }
        }

        output.WriteLine($"cdf: max absolute {maxAbsolute:E2} (x = {absoluteAt:R}), max relative {maxRelative:E2} (x = {relativeAt:R}), N > 0 from x = {lowestPositive:R}");
        Assert.True(maxAbsolute <= 1e-14, $"cdf absolute {maxAbsolute:E2} at x = {absoluteAt:R}");
        Assert.True(maxRelative <= 1e-12, $"cdf relative {maxRelative:E2} at x = {relativeAt:R}");

        // The relative bound must cover the tail down to −37, where the reference stops being positive.
        Assert.True(lowestPositive <= -37 + 1e-4, $"relative error only checked from x = {lowestPositive:R}");
    }

    [Theory]
    [InlineData(OptionRight.Call)]
    [InlineData(OptionRight.Put)]
    public void Black76_matches_the_scalar_price_across_moneyness_vol_and_expiry(OptionRight right)
    {
        // S/K ∈ [0.2, 5] and σ ∈ [0.01, 3] log-spaced, so deep ITM and deep OTM (value 0) are both in the grid.
        const double K = 100;
        const int Moneyness = 241;
        const int Vols = 121;
        var spot = new double[Moneyness * Vols];
        var vol = new double[Moneyness * Vols];
        for (int m = 0; m < Moneyness; m++)
        {
            for (int v = 0; v < Vols; v++)
            {
                spot[(m * Vols) + v] = K * 0.2 * Math.Pow(25, m / (Moneyness - 1.0));
                vol[(m * Vols) + v] = 0.01 * Math.Pow(300, v / (Vols - 1.0));
            }
        }

        var expected = new double[spot.Length];
        var actual = new double[spot.Length];
        double maxAbsolute = 0;
        double maxRelativeAboveTenthOfAPercent = 0;
        double maxRelativeAboveNanoUnit = 0;
        string worst = string.Empty;
        foreach (double years in new[] { 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.25, 0.5, 1, 2, 3, 5 })
        {
            foreach (double rate in new[] { -0.01, 0, 0.05 })
            {
                if (right == OptionRight.Call)
                {
                    VectorMath.Black76CallScalar(spot, K, years, vol, rate, expected);
                    VectorMath.Black76Call(spot, K, years, vol, rate, actual);
                }
                else
                {
                    VectorMath.Black76PutScalar(spot, K, years, vol, rate, expected);
                    VectorMath.Black76Put(spot, K, years, vol, rate, actual);
                }

                for (int i = 0; i < spot.Length; i++)
                {
                    double error = Math.Abs(expected[i] - actual[i]);
                    if (!(error <= (1e-12 * Math.Abs(expected[i])) + (1e-14 * K)))
                    {
                        Assert.Fail($"{right} S={spot[i]:R} σ={vol[i]:R} T={years:R} r={rate:R}: expected {expected[i]:R}, got {actual[i]:R}");
                    }

                    maxAbsolute = Math.Max(maxAbsolute, error);
                    if (expected[i] >= 1e-9)
                    {
                        maxRelativeAboveNanoUnit = Math.Max(maxRelativeAboveNanoUnit, error / expected[i]);
                    }

                    if (expected[i] >= 1e-3 * K && error / expected[i] > maxRelativeAboveTenthOfAPercent)
                    {
                        maxRelativeAboveTenthOfAPercent = error / expected[i];
                        worst = $"S={spot[i]:R} σ={vol[i]:R} T={years:R} r={rate:R}";
                    }
                }
            }
        }

        output.WriteLine($"{right}: max absolute {maxAbsolute:E2} (K = {K}), max relative {maxRelativeAboveTenthOfAPercent:E2} where value ≥ 1e-3·K ({worst}), {maxRelativeAboveNanoUnit:E2} where value ≥ 1e-9");
    }

    [Fact]
    public void Black76_call_and_put_satisfy_put_call_parity()
    {
        // Independent of the reference: C − P = S − K·e^{−rT}.
        const double K = 90000;
        var spot = Grid(0.2 * K, 5 * K, 1001);
        var vol = Grid(0.01, 3, 1001);
        var call = new double[spot.Length];
        var put = new double[spot.Length];
        foreach (double years in new[] { 1e-4, 0.1, 1, 5 })
        {
            VectorMath.Black76Call(spot, K, years, vol, 0.04, call);
            VectorMath.Black76Put(spot, K, years, vol, 0.04, put);
            for (int i = 0; i < spot.Length; i++)
            {
                double parity = spot[i] - (K * Math.Exp(-0.04 * years));
                Assert.True(Math.Abs(call[i] - put[i] - parity) <= 1e-12 * Math.Max(spot[i], K), $"S={spot[i]:R} T={years:R}: C − P = {call[i] - put[i]:R}, parity {parity:R}");
            }
        }
    }

    [Fact]
    public void Black76_reference_is_the_project_pricer()
    {
        // Pins the scalar twins to Black76.Price, so the sweeps above compare against what the engine uses.
        double[] spot = [80, 100, 125];
        double[] vol = [0.3, 0.3, 0.3];
        var call = new double[3];
        var put = new double[3];

        VectorMath.Black76CallScalar(spot, 100, 0.5, vol, 0.02, call);
        VectorMath.Black76PutScalar(spot, 100, 0.5, vol, 0.02, put);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Black76.Price(OptionRight.Call, spot[i], 100, 0.5, 0.3, 0.02), call[i]);
            Assert.Equal(Black76.Price(OptionRight.Put, spot[i], 100, 0.5, 0.3, 0.02), put[i]);
        }
    }
}
