using HybridMargin.Books;
using HybridMargin.Tests.Reference;

namespace HybridMargin.Tests.Risk;

/// <summary>The reference's own building blocks against published values and identities, so that it can be trusted as a yardstick.</summary>
public sealed class ReferenceSelfTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.96, 0.9750021048517795)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(-3.0, 0.0013498980316300946)]
    [InlineData(-5.0, 2.866515718791939e-07)]
    [InlineData(-8.0, 6.22096057427178e-16)]
    [InlineData(4.5, 0.9999966023268753)]
    public void Normal_cdf_has_the_tabulated_values(double x, double expected) =>
        Assert.True(Math.Abs(ReferenceNormal.Cdf(x) - expected) <= 2e-16 + (1e-12 * expected), $"N({x}) = {ReferenceNormal.Cdf(x):R}");

    [Theory]
    [InlineData(0.99, 2.3263478740408408)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.995, 2.5758293035489004)]
    public void Normal_quantile_has_the_tabulated_values(double p, double expected) =>
        Assert.Equal(expected, ReferenceNormal.Quantile(p), 1e-13);

    [Fact]
    public void Black76_satisfies_put_call_parity_and_its_greeks_are_the_finite_differences_of_its_price()
    {
        // C − P = e^{−rT}(F − K) = S − K·e^{−rT}; Greeks against central differences of the price.
        var book = BookLoader.Parse("""
            {
              "asOf": "2026-11-24T00:00:00Z",
              "parameters": { "riskFreeRate": 0.05 },
              "assets": [ { "symbol": "USDT", "price": 1, "vol": 0.005 }, { "symbol": "BTC", "price": 90000, "vol": 0.55 } ],
              "instruments": [
                { "symbol": "C", "kind": "option", "underlying": "BTC", "expiry": "2027-03-26T08:00:00Z", "strike": 100000, "right": "call", "iv": 0.6 },
                { "symbol": "P", "kind": "option", "underlying": "BTC", "expiry": "2027-03-26T08:00:00Z", "strike": 100000, "right": "put", "iv": 0.6 }
              ],
              "accounts": []
            }
            """);
        var call = book.Instruments[0];
        var put = book.Instruments[1];
        double t = ReferencePricing.YearsToExpiry(book, call);
        Assert.Equal(0.33515981735159817, t, 1e-15);
        double parity = ReferencePricing.Value(book, call, 90_000, 0.6) - ReferencePricing.Value(book, put, 90_000, 0.6);
        Assert.Equal(90_000 - (100_000 * Math.Exp(-0.05 * t)), parity, 1e-8);
        foreach (var option in new[] { call, put })
        {
            var (delta, gamma, vega) = ReferencePricing.Greeks(book, option, 90_000, 0.6);
            double V(double s, double vol) => ReferencePricing.Value(book, option, s, vol);
            Assert.Equal((V(90_001, 0.6) - V(89_999, 0.6)) / 2, delta, 1e-7);
            Assert.Equal((V(90_010, 0.6) - (2 * V(90_000, 0.6)) + V(89_990, 0.6)) / 100, gamma, 1e-9);
            Assert.Equal((V(90_000, 0.6001) - V(90_000, 0.5999)) / 0.0002, vega, 1e-3);
        }
    }
}
