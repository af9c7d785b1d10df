using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Pricing;
using HybridMargin.Risk;

namespace HybridMargin.Tests.Numerics;

public class VectorMathScenarioTests
{
    private const double Spot = 3600;

    public static TheoryData<int> Lengths() => VectorMathTests.Lengths();

    private static (double[] Growth, double[] LogGrowth, double[] Vol) Scenarios(int n, int seed)
    {
        var rng = new Random(seed);
        var growth = new double[n];
        var logGrowth = new double[n];
        var vol = new double[n];
        for (int i = 0; i < n; i++)
        {
            growth[i] = Math.Exp(Math.Log(0.2) + (rng.NextDouble() * Math.Log(25)));
            logGrowth[i] = Math.Log(growth[i]);
            vol[i] = 0.01 * Math.Pow(300, rng.NextDouble());
        }

        return (growth, logGrowth, vol);
    }

    // Relative 1e-12, with an absolute floor of 1e-14·K where the price is the small difference of two large terms.
    private static void PriceClose(double expected, double actual, double strike, string what) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-12 * Math.Abs(expected)) + (1e-14 * strike), $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Scenario_prices_match_the_scalar_Black76_at_the_moved_spot_at_every_length(int n)
    {
        var rng = new Random(4321 + n);
        var (growth, logGrowth, vol) = Scenarios(n, n);
        var actual = new double[n];
        foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
        {
            double strike = Spot * Math.Exp(Math.Log(0.2) + (rng.NextDouble() * Math.Log(25)));
            double years = Math.Exp(Math.Log(1e-4) + (rng.NextDouble() * Math.Log(5 / 1e-4)));
            double rate = -0.01 + (0.09 * rng.NextDouble());
            var contract = new Black76Contract(right, strike, years, rate);

            VectorMath.Black76ScenarioPrices(Spot, contract, growth, logGrowth, vol, actual);

            for (int i = 0; i < n; i++)
            {
                double expected = Black76.Price(right, Spot * growth[i], strike, years, vol[i], rate);
                PriceClose(expected, actual[i], strike, $"{right} S={Spot * growth[i]:R} K={strike:R} σ={vol[i]:R} T={years:R}");
            }
        }
    }

    [Fact]
    public void A_scenario_gets_the_same_bits_whatever_the_batch_length_or_its_position()
    {
        const int N = 64;
        var (growth, logGrowth, vol) = Scenarios(N + 8, 5);
        var contract = new Black76Contract(OptionRight.Put, 3900, 0.3, 0.02);
        var full = new double[N + 8];
        VectorMath.Black76ScenarioPrices(Spot, contract, growth, logGrowth, vol, full);
        for (int start = 0; start < 8; start++)
        {
            for (int n = 1; n <= N; n++)
            {
                var part = new double[n];
                VectorMath.Black76ScenarioPrices(Spot, contract, growth.AsSpan(start, n), logGrowth.AsSpan(start, n), vol.AsSpan(start, n), part);
                Assert.True(full.AsSpan(start, n).SequenceEqual(part), $"start {start}, length {n}");
            }
        }
    }

    [Fact]
    public void An_expired_contract_is_worth_its_intrinsic_value_at_each_moved_spot()
    {
        var (growth, logGrowth, vol) = Scenarios(13, 9);
        var contract = new Black76Contract(OptionRight.Call, 3600, 0, 0.03);
        var actual = new double[13];

        VectorMath.Black76ScenarioPrices(Spot, contract, growth, logGrowth, vol, actual);

        for (int i = 0; i < 13; i++)
        {
            Assert.Equal(Math.Max((Spot * growth[i]) - 3600, 0), actual[i]);
        }
    }

    [Fact]
    public void The_unchanged_scenario_of_an_option_grid_is_exactly_zero()
    {
        // The padding lanes are zero and the scan loss relies on the unchanged scenario (13) being zero too.
        var moves = new ScenarioMoves(0.15, 0.1);
        var grid = new double[ScenarioGrid.Width];
        foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
        {
            ScenarioGrid.FillOption(new Black76Contract(right, 95_000, 0.27, 0.01), 1, 90_123.5, 0.61, moves, grid);
            Assert.Equal(0, grid[13]);
        }
    }

    [Fact]
    public void One_contracts_log_moneyness_has_the_bits_of_a_chains_batch_log()
    {
        // The grid kernel takes ln(F/K) either from a chain's batch or per contract: both must give the same bits.
        var random = new Random(11);
        var contracts = Enumerable.Range(0, 37)
            .Select(_ => new Black76Contract(OptionRight.Call, Spot * Math.Exp(random.NextDouble() - 0.5), 0.01 + random.NextDouble(), 0.05))
            .ToArray();
        double[] batch = contracts.Select(c => c.Moneyness(Spot)).ToArray();

        VectorMath.Log(batch, batch);

        for (int k = 0; k < contracts.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(batch[k]), BitConverter.DoubleToInt64Bits(VectorMath.LogMoneyness(Spot, contracts[k])));
        }
    }
}
