using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Pricing;
using HybridMargin.Recalculation;

namespace HybridMargin.Tests.Gate;

public class AutomatedParametersThroughSnapshotTests
{
    private const long Second = 1_000_000_000;

    private const string Json = """
    {
      "asOf": "2026-11-24T00:00:00Z",
      "assets": [
        { "symbol": "USDT", "price": 1.0, "vol": 0.005 },
        { "symbol": "BTC", "price": 90000, "vol": 0.55, "haircut": 0.05, "priceRange": 0.15 }
      ],
      "instruments": [ { "symbol": "BTC", "kind": "spot", "underlying": "BTC" } ],
      "accounts": [ { "id": "HODL", "balances": { "BTC": 10 } } ]
    }
    """;

    [Fact]
    public void New_vols_and_haircuts_rescale_var_and_equity_exactly()
    {
        var engine = new RiskEngine(BookLoader.Parse(Json));
        var before = engine.Figures(0);

        Assert.Equal(RejectCode.None, engine.ApplyRiskParameters([0.005, 1.10], [0.0, 0.20]));

        var after = engine.Figures(0);
        // A spot-only book: VaR = z·|D|·σ·√τ, linear in σ.
        Assert.Equal(2 * before.VarParametric, after.VarParametric, 1e-9 * after.VarParametric);
        Assert.Equal(10 * 90_000 * 0.80, after.Equity, 1e-6);
        Assert.Equal(0, engine.RebuildAll());
        Assert.Equal(RejectCode.InvalidInput, engine.ApplyRiskParameters([0.005, -1], [0, 0.2]));
        Assert.Equal(RejectCode.InvalidInput, engine.ApplyRiskParameters([0.005, 0.5], [0, 1.0]));
    }

    [Fact]
    public void Ticks_move_the_ewma_vol_and_haircut_which_take_effect_when_the_snapshot_is_adopted()
    {
        var book = BookLoader.Parse(Json);
        using var gate = new RiskGate(book, new GateOptions
        {
            Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue, Scenarios = 1_000, AutomatedParameters = true, EwmaLambda = 0.94, HaircutMultiplier = 1.0, HaircutCap = 0.5 },
        });
        int btc = book.FindAsset("BTC");
        gate.Start();

        gate.Mark(btc, 90_000, 0);
        gate.Mark(btc, 90_900, 3_600 * Second);
        gate.RequestRecalculation();
        Assert.True(SpinWait.SpinUntil(() => gate.Recalculation!.Adopted >= 1, TimeSpan.FromSeconds(60)));
        Assert.True(gate.Stop());

        // Hand computation: σ²_day = 0.55²/365; a +1 % move in one hour scales to r²·24 per day;
        // σ²_day ← 0.94·σ²_day + 0.06·r²·24; σ = √(365·σ²_day).
        double daily = (0.94 * 0.55 * 0.55 / 365) + (0.06 * 0.01 * 0.01 * 24);
        double vol = Math.Sqrt(365 * daily);
        Assert.Equal(vol, gate.Engine.Vol(btc), 12);
        // h = min(0.5, max(0.05, 1·z_0.99·σ·√(1/365))).
        double haircut = Math.Min(0.5, Math.Max(0.05, NormalDistribution.Quantile(0.99) * vol * Math.Sqrt(1.0 / 365)));
        Assert.Equal(haircut, gate.Engine.Haircut(btc), 12);
        Assert.Equal(10 * 90_900 * (1 - haircut), gate.Engine.Figures(0).Equity, 1e-6);
        Assert.Equal(0, gate.Engine.RebuildAll());
    }
}
