using HybridMargin.Pricing;

namespace HybridMargin.Tests.Pricing;

public class NormalDistributionTests
{
    // Reference values: Abramowitz & Stegun table 26.1 / high-precision tabulations.
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.841344746068542948585)]
    [InlineData(-1.0, 0.158655253931457051415)]
    [InlineData(1.96, 0.975002104851780)]
    [InlineData(-3.0, 0.00134989803163009452)]
    [InlineData(-8.0, 6.22096057427178e-16)]
    [InlineData(2.326347874040841, 0.99)]
    public void Cdf_matches_tabulated_values(double x, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Cdf(x), Math.Max(1e-14, 1e-9 * expected));
    }

    [Theory]
    [InlineData(0.99, 2.326347874040841)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.001, -3.090232306167814)]
    [InlineData(0.999999, 4.753424308822899)]
    public void Quantile_matches_tabulated_values(double p, double expected)
    {
        // Near p = 1 the input itself is only known to 1e-16, i.e. to 1e-16 / n(x) in x.
        double tolerance = Math.Max(1e-12, 1e-16 / NormalDistribution.Density(expected) * 4);
        Assert.Equal(expected, NormalDistribution.Quantile(p), tolerance);
    }

    [Fact]
    public void Quantile_inverts_cdf_across_the_range()
    {
        // The upper tail stops at 5: beyond it N(x) rounds to within a few ulps of 1 and x is no longer recoverable.
        for (double x = -7; x <= 5; x += 0.01)
        {
            Assert.Equal(x, NormalDistribution.Quantile(NormalDistribution.Cdf(x)), 1e-8);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Quantile_outside_the_open_unit_interval_is_nan(double p)
    {
        Assert.True(double.IsNaN(NormalDistribution.Quantile(p)));
    }
}
