using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Tests.Engine;

/// <summary>The engine side of the background recalculation: model add-on, full rebuild with drift, staleness.</summary>
public class RecalculationHooksTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void Model_add_on_adds_to_maintenance_and_initial_margin()
    {
        var engine = new RiskEngine(BookLoader.LoadSample());
        int a = engine.FindAccount("STRANGLE1");
        var before = engine.Figures(a);

        Assert.Equal(RejectCode.None, engine.SetModelAddOn(a, 10_000));

        var after = engine.Figures(a);
        Assert.Equal(before.MaintenanceMargin + 10_000, after.MaintenanceMargin, 6);
        Assert.Equal((before.MaintenanceMargin + 10_000) * 1.3, after.InitialMargin, 6);
        Assert.Equal(10_000, after.ModelAddOn);
        Assert.Equal(RejectCode.InvalidInput, engine.SetModelAddOn(a, double.NaN));
        Assert.Equal(RejectCode.InvalidInput, engine.SetModelAddOn(a, -1));
    }

    [Fact]
    public void A_large_model_add_on_puts_the_account_into_liquidation()
    {
        var engine = new RiskEngine(BookLoader.LoadSample());
        int a = engine.FindAccount("COVCALL1");
        Assert.False(engine.IsInLiquidation(a));

        engine.SetModelAddOn(a, engine.Figures(a).Equity);

        Assert.True(engine.IsInLiquidation(a));
    }

    [Fact]
    public void Without_a_recent_snapshot_only_reducing_orders_pass()
    {
        var engine = new RiskEngine(BookLoader.Parse(GateBook.Json), new RiskEngineOptions { MaxSnapshotAgeNanos = Second });
        int free = engine.FindAccount("FREE");
        int deficit = engine.FindAccount("DEFICIT");
        int perp = engine.FindInstrument("BTC-PERP");
        var open = new Order(free, perp, Side.Buy, OrderType.Limit, 1, 90_000, 1, 0);

        Assert.Equal(RejectCode.StaleRisk, engine.Evaluate(open).Code);
        // DEFICIT is short 20 perps: buying some back reduces risk and is allowed even while stale.
        Assert.True(engine.Evaluate(new Order(deficit, perp, Side.Buy, OrderType.Limit, 5, 90_000, 2, 0)).Accepted);

        engine.AdoptSnapshot(10 * Second);
        Assert.True(engine.Evaluate(open with { TimestampNanos = 10 * Second + (Second / 2) }).Accepted);

        var stale = engine.Evaluate(open with { ClientOrderId = 3, TimestampNanos = 12 * Second });
        Assert.Equal(RejectCode.StaleRisk, stale.Code);
        Assert.Equal(2 * Second, stale.Value);
        Assert.Equal(Second, stale.Limit);
        Assert.StartsWith("StaleRisk: value=2000000000, limit=1000000000", stale.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_rebuild_after_a_long_random_flow_finds_only_rounding_drift()
    {
        var engine = new RiskEngine(BookLoader.LoadSample());
        var random = new Random(3);
        int instruments = engine.Book.Instruments.Count;
        int btc = engine.FindAsset("BTC");
        int eth = engine.FindAsset("ETH");
        double btcMark = engine.Mark(btc);
        double ethMark = engine.Mark(eth);
        var open = new List<(int Account, long Id)>();
        for (long id = 1; id <= 100_000; id++)
        {
            int account = random.Next(engine.AccountCount);
            int instrument = random.Next(instruments);
            double mark = engine.InstrumentMark(instrument);
            var order = new Order(account, instrument, random.Next(2) == 0 ? Side.Buy : Side.Sell, OrderType.Limit, Math.Round(random.NextDouble() * 2, 2) + 0.01, mark * (1 + ((random.NextDouble() - 0.5) * 0.02)), id, id * 100_000_000);
            if (engine.Evaluate(order).Accepted)
            {
                open.Add((account, id));
            }

            if (open.Count > 20)
            {
                var (a, oid) = open[0];
                open.RemoveAt(0);
                if (random.Next(2) == 0)
                {
                    engine.Cancel(a, oid);
                }
                else
                {
                    engine.Fill(a, oid, 0.01, engine.InstrumentMark(instrument));
                    engine.Cancel(a, oid);
                }
            }

            if (id % 100 == 0)
            {
                btcMark *= 1 + ((random.NextDouble() - 0.5) * 0.01);
                ethMark *= 1 + ((random.NextDouble() - 0.5) * 0.01);
                engine.SetMark(btc, btcMark);
                engine.SetMark(eth, ethMark);
            }
        }

        double drift = engine.RebuildAll();

        Assert.True(drift <= 1e-9, $"drift {drift:E3}");
        Assert.Equal(0, engine.RebuildAll());
    }
}
