using HybridMargin.Risk;

namespace HybridMargin.Tests.Risk;

public class AutomatedParameterTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void Ewma_follows_a_known_tick_sequence()
    {
        // σ0 = 0.365 → σ²_day = 0.365² / 365 = 3.65e-4.
        var ewma = new EwmaVolatility(0.365, lambda: 0.9);
        Assert.Equal(0.365, ewma.AnnualVol, 12);

        ewma.Update(100, 0);               // reference price only
        Assert.Equal(0.365, ewma.AnnualVol, 12);

        // +1 % after one hour: r² · 24 = 2.4e-3; σ²_day = 0.9·3.65e-4 + 0.1·2.4e-3 = 5.685e-4.
        double vol = ewma.Update(101, 3600 * Second);
        Assert.Equal(Math.Sqrt(5.685e-4 * 365), vol, 12);

        // −2 % of 101 (to 98.98) after a further day: r² · 1 = 4e-4; σ²_day = 0.9·5.685e-4 + 0.1·4e-4 = 5.5165e-4.
        vol = ewma.Update(98.98, (3600 + 86_400) * Second);
        Assert.Equal(Math.Sqrt(5.5165e-4 * 365), vol, 12);
    }

    [Fact]
    public void Ewma_ignores_ticks_without_time_or_a_usable_price()
    {
        var ewma = new EwmaVolatility(0.5);
        ewma.Update(100, 10);
        double before = ewma.AnnualVol;

        ewma.Update(120, 10);
        ewma.Update(120, 5);
        ewma.Update(double.NaN, 20);
        ewma.Update(-1, 30);

        Assert.Equal(before, ewma.AnnualVol);
    }

    [Theory]
    // k·z·σ·√τ with k = 1.5, z = 2.326347874, τ = 1/365: σ = 0.55 → 0.10046; σ = 0.1 → 0.01827; σ = 2 → 0.36532.
    [InlineData(0.05, 0.55, 0.10046)]
    [InlineData(0.05, 0.10, 0.05)]
    [InlineData(0.05, 2.00, 0.30)]
    public void Dynamic_haircut_is_the_vol_based_figure_between_base_and_cap(double baseHaircut, double vol, double expected)
    {
        var rule = new DynamicHaircut(Multiplier: 1.5, Cap: 0.30);

        Assert.Equal(expected, rule.Haircut(baseHaircut, vol, 2.326347874040841, 1.0 / 365), 5);
    }
}
