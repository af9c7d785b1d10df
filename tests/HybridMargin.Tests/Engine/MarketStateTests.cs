using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Pricing;
using HybridMargin.Risk;

namespace HybridMargin.Tests.Engine;

public class MarketStateTests
{
    [Fact]
    public void Values_Greeks_and_grids_after_mark_and_vol_ticks_match_instrument_by_instrument_repricing()
    {
        var book = BookLoader.LoadSample();
        var market = new MarketState(book);
        var random = new Random(17);
        for (int tick = 0; tick < 200; tick++)
        {
            int asset = random.Next(book.Assets.Count);
            market.SetMark(asset, book.Assets[asset].Price * (0.6 + (0.8 * random.NextDouble())));
            var options = book.Instruments.Where(i => i.Kind == InstrumentKind.Option).ToArray();
            var option = options[random.Next(options.Length)];
            market.SetImpliedVol(option.Index, 0.1 + random.NextDouble());
            AssertMatchesRepricing(book, market);
        }
    }

    [Fact]
    public void A_missing_mark_leaves_every_instrument_on_the_asset_without_a_value()
    {
        var book = BookLoader.LoadSample();
        var market = new MarketState(book);
        int btc = book.FindAsset("BTC");

        market.SetMark(btc, double.NaN);

        foreach (int i in market.InstrumentsOn(btc))
        {
            Assert.True(double.IsNaN(market.Values[i]), book.Instruments[i].Symbol);
            Assert.True(double.IsNaN(market.InstrumentVector(i)[0]), book.Instruments[i].Symbol);
        }
    }

    [Fact]
    public void A_restored_state_prices_later_mark_ticks_at_the_restored_implied_vols()
    {
        // The grid's vol lanes are derived from the implied vols and not in the image: restoring must rebuild them.
        var book = BookLoader.LoadSample();
        var original = new RiskEngine(book);
        int option = book.FindInstrument("BTC-26MAR27-90000-C");
        int btc = book.FindAsset("BTC");
        Assert.Equal(RejectCode.None, original.SetImpliedVol(option, 0.93));
        var restored = new RiskEngine(book);
        restored.RestoreState(original.CaptureState());

        original.SetMark(btc, 91_234);
        restored.SetMark(btc, 91_234);

        Assert.Equal(original.CaptureState(), restored.CaptureState());
    }

    private static void AssertMatchesRepricing(Book book, MarketState market)
    {
        double[] grid = new double[ScenarioGrid.Width];
        double rate = book.Parameters.RiskFreeRate;
        foreach (var instrument in book.Instruments)
        {
            int i = instrument.Index;
            var asset = book.Assets[instrument.Underlying];
            double spot = market.Marks[instrument.Underlying];
            double vol = market.ImpliedVols[i];
            var expected = InstrumentPricer.Greeks(instrument, spot, vol, rate);
            double scale = instrument.Kind == InstrumentKind.Option ? instrument.Strike : spot;
            Close(expected.Value, market.Values[i], 1e-14 * scale, $"value {instrument.Symbol}");
            Close(expected.Delta, market.Deltas[i], 1e-14, $"delta {instrument.Symbol}");
            Close(expected.Gamma, market.Gammas[i], 1e-14 * Math.Max(expected.Gamma, 1e-12), $"gamma {instrument.Symbol}");
            Close(expected.Vega, market.Vegas[i], 1e-14 * spot, $"vega {instrument.Symbol}");

            ScenarioGrid.FillInstrument(instrument, spot, vol, rate, asset.PriceRange, asset.VolShock, grid);
            var actual = market.InstrumentVector(i);
            for (int k = 0; k < ScenarioGrid.Width; k++)
            {
                Close(grid[k], actual[k], 1e-12 * scale * instrument.Multiplier, $"grid {instrument.Symbol} k={k}");
            }
        }
    }

    private static void Close(double expected, double actual, double floor, string what) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-12 * Math.Abs(expected)) + floor, $"{what}: expected {expected:R}, got {actual:R}");
}
