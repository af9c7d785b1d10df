using HybridMargin.Books;
using HybridMargin.Pricing;
using HybridMargin.Risk;

namespace HybridMargin.Tests.Risk;

public class ScenarioGridOptionTests
{
    [Fact]
    public void Every_sample_option_grid_matches_scenario_by_scenario_scalar_Black76_repricing()
    {
        var book = BookLoader.LoadSample();
        var random = new Random(29);
        double[] grid = new double[ScenarioGrid.Width];
        int options = 0;
        foreach (var instrument in book.Instruments.Where(i => i.Kind == InstrumentKind.Option))
        {
            var asset = book.Assets[instrument.Underlying];
            for (int trial = 0; trial < 5; trial++)
            {
                double spot = asset.Price * (0.5 + random.NextDouble());
                double vol = 0.05 + (random.NextDouble() * 1.5);
                double rate = book.Parameters.RiskFreeRate;
                ScenarioGrid.FillInstrument(instrument, spot, vol, rate, asset.PriceRange, asset.VolShock, grid);

                double baseValue = Black76.Price(instrument.Right, spot, instrument.Strike, instrument.YearsToExpiry, vol, rate);
                for (int k = 0; k < ScenarioGrid.ScenarioCount; k++)
                {
                    double shockedSpot = spot * (1 + (ScenarioGrid.PriceMove(k) * asset.PriceRange));
                    double shockedVol = Math.Max(vol + (ScenarioGrid.VolMove(k) * asset.VolShock), ScenarioGrid.VolFloor);
                    double value = Black76.Price(instrument.Right, shockedSpot, instrument.Strike, instrument.YearsToExpiry, shockedVol, rate);
                    double expected = ScenarioGrid.Weight(k) * instrument.Multiplier * (value - baseValue);
                    // The vector kernel is within ~1e-15·K of the scalar formula (VectorMathAccuracyTests); two values differ.
                    double tolerance = 1e-12 * instrument.Strike * instrument.Multiplier;
                    Assert.True(Math.Abs(grid[k] - expected) <= tolerance, $"{instrument.Symbol} k={k}: {grid[k]} vs {expected}");
                }

                Assert.All(grid[ScenarioGrid.ScenarioCount..], v => Assert.Equal(0, v));
            }

            options++;
        }

        Assert.Equal(60, options);
    }
}
