using HybridMargin.Books;
using HybridMargin.Pricing;

namespace HybridMargin.Tests.Pricing;

public class Black76Tests
{
    // Hull, Options, Futures and Other Derivatives, examples 15.6 / 19.x: S=49, K=50, r=5%, σ=20%, T=20 weeks.
    private const double S = 49;
    private const double K = 50;
    private const double R = 0.05;
    private const double Vol = 0.20;
    private const double T = 0.3846;

    [Fact]
    public void Call_matches_Hull_textbook_values()
    {
        var g = Black76.Greeks(OptionRight.Call, S, K, T, Vol, R);

        Assert.Equal(2.4005, g.Value, 3);
        Assert.Equal(0.5216, g.Delta, 4);
        Assert.Equal(0.0655, g.Gamma, 4);
        Assert.Equal(12.105, g.Vega, 0.001);
        // Hull: theta = −4.31 per year, −0.0118 per calendar day.
        Assert.Equal(-4.31 / 365, g.Theta, 4);
    }

    [Fact]
    public void Price_and_greeks_agree_on_the_value()
    {
        foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
        {
            Assert.Equal(Black76.Price(right, S, K, T, Vol, R), Black76.Greeks(right, S, K, T, Vol, R).Value, 12);
        }
    }

    [Theory]
    [InlineData(90000, 100000, 0.34, 0.6, 0.0)]
    [InlineData(90000, 70000, 0.09, 0.55, 0.03)]
    [InlineData(3100, 3600, 1.2, 0.7, 0.05)]
    [InlineData(140, 140, 0.01, 0.95, 0.0)]
    public void Put_call_parity_holds(double spot, double strike, double years, double vol, double rate)
    {
        double call = Black76.Price(OptionRight.Call, spot, strike, years, vol, rate);
        double put = Black76.Price(OptionRight.Put, spot, strike, years, vol, rate);

        // C − P = e^{−rT}(F − K) = S − K·e^{−rT}.
        Assert.Equal(spot - (strike * Math.Exp(-rate * years)), call - put, 1e-9 * spot);
    }

    [Theory]
    [InlineData(OptionRight.Call, 90000, 100000, 0.34, 0.6, 0.0)]
    [InlineData(OptionRight.Put, 90000, 100000, 0.34, 0.6, 0.0)]
    [InlineData(OptionRight.Call, 3100, 2800, 0.09, 0.7, 0.04)]
    [InlineData(OptionRight.Put, 3100, 2800, 0.09, 0.7, 0.04)]
    [InlineData(OptionRight.Put, 49, 50, 0.3846, 0.2, 0.05)]
    public void Greeks_match_central_finite_differences(OptionRight right, double spot, double strike, double years, double vol, double rate)
    {
        var g = Black76.Greeks(right, spot, strike, years, vol, rate);
        double h = spot * 1e-4;
        double up = Black76.Price(right, spot + h, strike, years, vol, rate);
        double mid = Black76.Price(right, spot, strike, years, vol, rate);
        double down = Black76.Price(right, spot - h, strike, years, vol, rate);
        double dv = 1e-5;
        double dt = 1e-6;

        Assert.Equal((up - down) / (2 * h), g.Delta, 1e-6);
        Assert.Equal((up - (2 * mid) + down) / (h * h), g.Gamma, Math.Max(1e-6 * Math.Abs(g.Gamma), 1e-9));
        double vega = (Black76.Price(right, spot, strike, years, vol + dv, rate) - Black76.Price(right, spot, strike, years, vol - dv, rate)) / (2 * dv);
        Assert.Equal(vega, g.Vega, 1e-6 * Math.Max(1, Math.Abs(vega)));
        // Theta per calendar day: the value change as time to expiry shrinks.
        double thetaPerYear = -(Black76.Price(right, spot, strike, years + dt, vol, rate) - Black76.Price(right, spot, strike, years - dt, vol, rate)) / (2 * dt);
        Assert.Equal(thetaPerYear / 365, g.Theta, 1e-6 * Math.Max(1, Math.Abs(g.Theta)));
    }

    [Theory]
    [InlineData(OptionRight.Call, 100, 90, 10, 1)]
    [InlineData(OptionRight.Call, 80, 90, 0, 0)]
    [InlineData(OptionRight.Put, 80, 90, 10, -1)]
    [InlineData(OptionRight.Put, 100, 90, 0, 0)]
    public void Expired_option_is_worth_intrinsic_with_unit_or_zero_delta(OptionRight right, double spot, double strike, double value, double delta)
    {
        foreach (double years in new[] { 0.0, -0.01 })
        {
            var g = Black76.Greeks(right, spot, strike, years, 0.5, 0.03);
            Assert.Equal(value, g.Value);
            Assert.Equal(delta, g.Delta);
            Assert.Equal(0, g.Gamma);
            Assert.Equal(0, g.Vega);
            Assert.Equal(value, Black76.Price(right, spot, strike, years, 0.5, 0.03));
        }
    }
}
