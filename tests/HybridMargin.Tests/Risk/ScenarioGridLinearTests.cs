using HybridMargin.Books;
using HybridMargin.Pricing;
using HybridMargin.Risk;

namespace HybridMargin.Tests.Risk;

public class ScenarioGridLinearTests
{
    [Fact]
    public void Every_sample_spot_perpetual_and_future_grid_matches_scenario_by_scenario_repricing()
    {
        var book = BookLoader.LoadSample();
        double[] grid = new double[ScenarioGrid.Width];
        int instruments = 0;
        foreach (var instrument in book.Instruments.Where(i => i.Kind != InstrumentKind.Option))
        {
            var asset = book.Assets[instrument.Underlying];
            foreach (double rate in new[] { book.Parameters.RiskFreeRate, 0.05, -0.01 })
            {
                double spot = asset.Price * 1.07;
                ScenarioGrid.FillInstrument(instrument, spot, 0.5, rate, asset.PriceRange, asset.VolShock, grid);

                double baseValue = InstrumentPricer.Value(instrument, spot, 0.5, rate);
                for (int k = 0; k < ScenarioGrid.ScenarioCount; k++)
                {
                    double shockedSpot = spot * (1 + (ScenarioGrid.PriceMove(k) * asset.PriceRange));
                    double value = InstrumentPricer.Value(instrument, shockedSpot, 0.5, rate);
                    double expected = ScenarioGrid.Weight(k) * instrument.Multiplier * (value - baseValue);
                    double tolerance = 1e-13 * spot * instrument.Multiplier;
                    Assert.True(Math.Abs(grid[k] - expected) <= tolerance, $"{instrument.Symbol} r={rate} k={k}: {grid[k]} vs {expected}");
                }

                Assert.Equal(0, grid[13]);
                Assert.All(grid[ScenarioGrid.ScenarioCount..], v => Assert.Equal(0, v));
            }

            instruments++;
        }

        Assert.Equal(11, instruments);
    }
}
