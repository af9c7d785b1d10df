using HybridMargin.Engine;

namespace HybridMargin.Tests.Engine;

/// <summary>Reservations, fills, cancels and replaces (SPEC §5, last paragraph).</summary>
public class OrderLifecycleTests
{
    private readonly RiskEngine _engine = GateBook.NewEngine();
    private readonly int _free;
    private readonly int _spot;
    private readonly int _perp;
    private readonly int _call;
    private readonly int _usdt;
    private readonly int _btc;

    public OrderLifecycleTests()
    {
        _free = _engine.FindAccount("FREE");
        _spot = _engine.FindInstrument("BTC");
        _perp = _engine.FindInstrument("BTC-PERP");
        _call = _engine.FindInstrument("BTC-26MAR27-100000-C");
        _usdt = _engine.FindAsset("USDT");
        _btc = _engine.FindAsset("BTC");
    }

    private Order Order(Side side, int instrument, double qty, double price, long id) =>
        new(_free, instrument, side, OrderType.Limit, qty, price, id, 0);

    [Fact]
    public void Partial_and_full_fills_move_quantity_from_open_to_position()
    {
        Assert.True(_engine.Evaluate(Order(Side.Buy, _perp, 2, 90000, 1)).Accepted);

        Assert.Equal(RejectCode.None, _engine.Fill(_free, 1, 0.5, 89900));
        Assert.Equal(0.5, _engine.Position(_free, _perp));
        Assert.Equal(1, _engine.OpenOrderCount(_free));

        Assert.Equal(RejectCode.None, _engine.Fill(_free, 1, 1.5, 90100));
        Assert.Equal(2, _engine.Position(_free, _perp));
        Assert.Equal(0, _engine.OpenOrderCount(_free));
        Assert.Equal((0.5 * 89900) + (1.5 * 90100), _engine.FuturesCost(_free), 6);
        Assert.Equal(RejectCode.UnknownOrder, _engine.Fill(_free, 1, 1, 90000));
    }

    [Fact]
    public void Overfill_and_bad_fill_price_are_refused_and_change_nothing()
    {
        Assert.True(_engine.Evaluate(Order(Side.Sell, _perp, 1, 90000, 5)).Accepted);
        var before = _engine.Figures(_free, OpenOrderScenario.AllSellsFilled);

        Assert.Equal(RejectCode.InvalidInput, _engine.Fill(_free, 5, 1.5, 90000));
        Assert.Equal(RejectCode.InvalidInput, _engine.Fill(_free, 5, 1, double.NaN));
        Assert.Equal(RejectCode.InvalidInput, _engine.Fill(_free, 5, 0, 90000));

        Assert.Equal(before, _engine.Figures(_free, OpenOrderScenario.AllSellsFilled));
    }

    [Fact]
    public void Spot_fill_moves_the_base_and_quote_balances()
    {
        Assert.True(_engine.Evaluate(Order(Side.Buy, _spot, 1, 90000, 7)).Accepted);
        _engine.Fill(_free, 7, 1, 89950);

        Assert.Equal(1, _engine.Balance(_free, _btc));
        Assert.Equal(10_000_000 - 89950, _engine.Balance(_free, _usdt));
    }

    [Fact]
    public void Option_fill_pays_the_premium_from_the_quote_balance()
    {
        Assert.True(_engine.Evaluate(Order(Side.Buy, _call, 2, 7000, 8)).Accepted);
        _engine.Fill(_free, 8, 2, 6900);

        Assert.Equal(2, _engine.Position(_free, _call));
        Assert.Equal(10_000_000 - 13800, _engine.Balance(_free, _usdt));
    }

    [Fact]
    public void Cancel_releases_the_whole_reservation()
    {
        var before = _engine.Figures(_free, OpenOrderScenario.AllBuysFilled);
        Assert.True(_engine.Evaluate(Order(Side.Buy, _call, 10, 7000, 9)).Accepted);
        Assert.NotEqual(before.InitialMargin, _engine.Figures(_free, OpenOrderScenario.AllBuysFilled).InitialMargin);

        Assert.Equal(RejectCode.None, _engine.Cancel(_free, 9));

        var after = _engine.Figures(_free, OpenOrderScenario.AllBuysFilled);
        Assert.Equal(before.InitialMargin, after.InitialMargin, 6);
        Assert.Equal(before.Equity, after.Equity, 6);
        Assert.Equal(RejectCode.UnknownOrder, _engine.Cancel(_free, 9));
    }

    [Fact]
    public void Open_orders_are_margined_on_the_worse_of_all_buys_and_all_sells_filled()
    {
        // A large open buy of calls makes the buy side the worse one for a later small sell.
        Assert.True(_engine.Evaluate(Order(Side.Buy, _perp, 50, 90000, 10)).Accepted);
        var buys = _engine.Figures(_free, OpenOrderScenario.AllBuysFilled);

        var sell = _engine.WhatIf(Order(Side.Sell, _perp, 1, 90000, 11));

        Assert.True(sell.Accepted);
        Assert.Equal(buys.InitialMargin, sell.Required, 6);
    }

    [Fact]
    public void Rejected_replace_keeps_the_original_order()
    {
        Assert.True(_engine.Evaluate(Order(Side.Buy, _perp, 1, 90000, 20)).Accepted);
        var before = _engine.Figures(_free, OpenOrderScenario.AllBuysFilled);

        // 2,000 BTC of perps is far beyond what 10M USDT margins.
        var d = _engine.Replace(20, Order(Side.Buy, _perp, 2000, 90000, 21));

        Assert.Equal(RejectCode.InsufficientMargin, d.Code);
        Assert.Equal(1, _engine.OpenOrderCount(_free));
        Assert.Equal(before.InitialMargin, _engine.Figures(_free, OpenOrderScenario.AllBuysFilled).InitialMargin, 6);
        Assert.Equal(RejectCode.None, _engine.Cancel(_free, 20));
    }

    [Fact]
    public void Accepted_replace_swaps_the_reservation()
    {
        Assert.True(_engine.Evaluate(Order(Side.Buy, _perp, 1, 90000, 30)).Accepted);

        var d = _engine.Replace(30, Order(Side.Buy, _perp, 3, 90500, 31));

        Assert.True(d.Accepted, d.Text);
        Assert.Equal(1, _engine.OpenOrderCount(_free));
        Assert.Equal(RejectCode.UnknownOrder, _engine.Cancel(_free, 30));
        Assert.Equal(RejectCode.None, _engine.Fill(_free, 31, 3, 90500));
        Assert.Equal(3, _engine.Position(_free, _perp));
    }

    [Fact]
    public void Mark_and_vol_updates_revalue_positions()
    {
        Assert.True(_engine.Evaluate(Order(Side.Buy, _call, 1, 7000, 40)).Accepted);
        _engine.Fill(_free, 40, 1, 7000);
        double before = _engine.Figures(_free).Equity;

        _engine.SetMark(_btc, 95000);
        double afterMark = _engine.Figures(_free).Equity;
        _engine.SetImpliedVol(_call, 0.7);
        double afterVol = _engine.Figures(_free).Equity;

        Assert.True(afterMark > before);
        Assert.True(afterVol > afterMark);
        Assert.Equal(RejectCode.InvalidInput, _engine.SetImpliedVol(_call, -0.1));
        Assert.Equal(RejectCode.UnknownInstrument, _engine.SetImpliedVol(_perp, 0.5));
    }
}
