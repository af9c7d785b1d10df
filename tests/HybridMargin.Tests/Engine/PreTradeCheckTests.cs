using HybridMargin.Engine;

namespace HybridMargin.Tests.Engine;

/// <summary>Every reject code of SPEC §5, in check order, each with the figures it carries.</summary>
public class PreTradeCheckTests
{
    private readonly RiskEngine _engine = GateBook.NewEngine();
    private readonly int _limited;
    private readonly int _poor;
    private readonly int _deficit;
    private readonly int _free;
    private readonly int _spot;
    private readonly int _perp;
    private readonly int _call;
    private readonly int _expired;
    private readonly int _btc;
    private long _nextId = 1;

    public PreTradeCheckTests()
    {
        _limited = _engine.FindAccount("LIMITED");
        _poor = _engine.FindAccount("POOR");
        _deficit = _engine.FindAccount("DEFICIT");
        _free = _engine.FindAccount("FREE");
        _spot = _engine.FindInstrument("BTC");
        _perp = _engine.FindInstrument("BTC-PERP");
        _call = _engine.FindInstrument("BTC-26MAR27-100000-C");
        _expired = _engine.FindInstrument("BTC-20NOV26-90000-C");
        _btc = _engine.FindAsset("BTC");
    }

    private Order Buy(int account, int instrument, double qty, double price, long time = 0) =>
        new(account, instrument, Side.Buy, OrderType.Limit, qty, price, _nextId++, time);

    private Order Sell(int account, int instrument, double qty, double price, long time = 0) =>
        new(account, instrument, Side.Sell, OrderType.Limit, qty, price, _nextId++, time);

    [Fact]
    public void Accepts_a_well_formed_order_within_every_limit()
    {
        var d = _engine.Evaluate(Buy(_limited, _perp, 1, 90000));

        Assert.True(d.Accepted, d.Text);
        Assert.Equal(1, _engine.OpenOrderCount(_limited));
        Assert.True(d.Available >= d.Required);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public void Rejects_unknown_account(int account)
    {
        Assert.Equal(RejectCode.UnknownAccount, _engine.Evaluate(Buy(account, _perp, 1, 90000)).Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Rejects_unknown_instrument(int instrument)
    {
        Assert.Equal(RejectCode.UnknownInstrument, _engine.Evaluate(Buy(_free, instrument, 1, 90000)).Code);
    }

    [Theory]
    [InlineData(0, 90000)]
    [InlineData(-1, 90000)]
    [InlineData(double.NaN, 90000)]
    [InlineData(double.PositiveInfinity, 90000)]
    [InlineData(1, 0)]
    [InlineData(1, -5)]
    [InlineData(1, double.NaN)]
    [InlineData(1, double.PositiveInfinity)]
    public void Rejects_invalid_quantity_or_price(double qty, double price)
    {
        Assert.Equal(RejectCode.InvalidOrder, _engine.Evaluate(Buy(_free, _perp, qty, price)).Code);
    }

    [Fact]
    public void Rejects_invalid_side_and_type_and_expired_instrument()
    {
        Assert.Equal(RejectCode.InvalidOrder, _engine.Evaluate(new Order(_free, _perp, (Side)7, OrderType.Limit, 1, 90000, 1, 0)).Code);
        Assert.Equal(RejectCode.InvalidOrder, _engine.Evaluate(new Order(_free, _perp, Side.Buy, (OrderType)9, 1, 90000, 2, 0)).Code);
        Assert.Equal(RejectCode.InvalidOrder, _engine.Evaluate(Buy(_free, _expired, 1, 100)).Code);
    }

    [Fact]
    public void Market_order_needs_no_price_and_trades_at_the_mark()
    {
        var d = _engine.Evaluate(new Order(_free, _perp, Side.Buy, OrderType.Market, 1, double.NaN, 77, 0));

        Assert.True(d.Accepted, d.Text);
    }

    [Fact]
    public void Rejects_duplicate_client_order_id_of_an_open_order_until_it_is_closed()
    {
        var first = new Order(_free, _perp, Side.Buy, OrderType.Limit, 1, 90000, 42, 0);
        Assert.True(_engine.Evaluate(first).Accepted);

        Assert.Equal(RejectCode.DuplicateOrder, _engine.Evaluate(first with { Side = Side.Sell }).Code);

        Assert.Equal(RejectCode.None, _engine.Cancel(_free, 42));
        Assert.True(_engine.Evaluate(first).Accepted);
        // Another account may use the same id.
        Assert.True(_engine.Evaluate(first with { Account = _limited }).Accepted);
    }

    [Fact]
    public void Rejects_every_order_of_a_disabled_account_until_the_switch_is_off()
    {
        _engine.SetKillSwitch(_free, disabled: true);
        Assert.Equal(RejectCode.AccountDisabled, _engine.Evaluate(Buy(_free, _perp, 1, 90000)).Code);

        _engine.SetKillSwitch(_free, disabled: false);
        Assert.True(_engine.Evaluate(Buy(_free, _perp, 1, 90000)).Accepted);
    }

    [Fact]
    public void Account_in_liquidation_may_only_reduce()
    {
        Assert.True(_engine.IsInLiquidation(_deficit));

        Assert.Equal(RejectCode.ReduceOnly, _engine.Evaluate(Sell(_deficit, _perp, 1, 90000)).Code);
        Assert.Equal(RejectCode.ReduceOnly, _engine.Evaluate(Buy(_deficit, _perp, 25, 90000)).Code);
        Assert.Equal(RejectCode.ReduceOnly, _engine.Evaluate(Buy(_deficit, _call, 1, 3000)).Code);
        // Buying back part of the short reduces risk and is let through although the account is short of margin.
        var reduce = _engine.Evaluate(Buy(_deficit, _perp, 5, 90000));
        Assert.True(reduce.Accepted, reduce.Text);
    }

    [Fact]
    public void Account_leaves_liquidation_when_equity_reaches_initial_margin()
    {
        var before = _engine.Figures(_deficit);
        _engine.ChangeBalance(_deficit, _engine.FindAsset("USDT"), (before.MaintenanceMargin - before.Equity) + 1);
        Assert.True(_engine.IsInLiquidation(_deficit));

        // USDT carries a little risk of its own (its 2 % grid move), so the deposit raises IM slightly too.
        var atMm = _engine.Figures(_deficit);
        _engine.ChangeBalance(_deficit, _engine.FindAsset("USDT"), 2 * (atMm.InitialMargin - atMm.Equity));
        var recovered = _engine.Figures(_deficit);
        Assert.True(recovered.Equity >= recovered.InitialMargin);
        Assert.False(_engine.IsInLiquidation(_deficit));
    }

    [Fact]
    public void Rejects_order_above_max_quantity_with_its_figures()
    {
        var d = _engine.Evaluate(Buy(_limited, _spot, 101, 90000));

        Assert.Equal(RejectCode.OrderTooLarge, d.Code);
        Assert.Equal(101, d.Value);
        Assert.Equal(100, d.Limit);
    }

    [Fact]
    public void Rejects_order_above_max_notional()
    {
        var d = _engine.Evaluate(Buy(_limited, _spot, 60, 90000));

        Assert.Equal(RejectCode.OrderTooLarge, d.Code);
        Assert.Equal(60 * 90000, d.Value);
        Assert.Equal(5_000_000, d.Limit);
    }

    [Fact]
    public void Rejects_order_that_would_take_position_with_same_side_open_orders_beyond_the_limit()
    {
        Assert.Equal(RejectCode.PositionLimit, _engine.Evaluate(Buy(_limited, _perp, 21, 90000)).Code);
        Assert.True(_engine.Evaluate(Buy(_limited, _perp, 15, 90000)).Accepted);

        var d = _engine.Evaluate(Buy(_limited, _perp, 6, 90000));
        Assert.Equal(RejectCode.PositionLimit, d.Code);
        Assert.Equal(21, d.Value);
        Assert.Equal(20, d.Limit);
        // The other side is measured from the position alone.
        Assert.True(_engine.Evaluate(Sell(_limited, _perp, 20, 90000)).Accepted);
    }

    [Fact]
    public void Rejects_limit_price_outside_the_band_around_the_mark()
    {
        var d = _engine.Evaluate(Buy(_limited, _perp, 1, 95000));

        Assert.Equal(RejectCode.PriceOutOfBand, d.Code);
        Assert.Equal(5000.0 / 90000, d.Value, 12);
        Assert.Equal(0.05, d.Limit);
        Assert.True(_engine.Evaluate(Buy(_limited, _perp, 1, 94000)).Accepted);
    }

    [Fact]
    public void Rejects_order_beyond_max_open_orders()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.True(_engine.Evaluate(Buy(_limited, _perp, 1, 90000)).Accepted);
        }

        var d = _engine.Evaluate(Buy(_limited, _perp, 1, 90000));
        Assert.Equal(RejectCode.TooManyOrders, d.Code);
        Assert.Equal(3, d.Value);
        Assert.Equal(3, d.Limit);
    }

    [Fact]
    public void Throttles_orders_beyond_the_rate_in_any_one_second_window()
    {
        const long Ms = 1_000_000;
        for (int i = 0; i < 5; i++)
        {
            var o = Buy(_limited, _perp, 1, 90000, i * Ms);
            Assert.True(_engine.Evaluate(o).Accepted);
            _engine.Cancel(_limited, o.ClientOrderId);
        }

        Assert.Equal(RejectCode.Throttled, _engine.Evaluate(Buy(_limited, _perp, 1, 90000, 999 * Ms)).Code);
        // One second after the first, one slot is free again.
        Assert.True(_engine.Evaluate(Buy(_limited, _perp, 1, 90000, 1000 * Ms)).Accepted);
    }

    [Fact]
    public void Rejects_order_when_equity_below_initial_margin_after_it()
    {
        var d = _engine.Evaluate(Buy(_poor, _perp, 10, 90000));

        Assert.Equal(RejectCode.InsufficientMargin, d.Code);
        Assert.True(d.Required > d.Available);
        Assert.Equal("BTC", d.Underlying);
        Assert.StartsWith("InsufficientMargin: required=", d.Text, StringComparison.Ordinal);
        Assert.Contains("underlying=BTC", d.Text, StringComparison.Ordinal);
        Assert.Equal(0, _engine.OpenOrderCount(_poor));
    }

    [Fact]
    public void Fails_closed_while_a_mark_is_missing()
    {
        Assert.Equal(RejectCode.InvalidInput, _engine.SetMark(_btc, double.NaN));

        var d = _engine.Evaluate(Buy(_free, _perp, 1, 90000));
        Assert.Equal(RejectCode.NotEvaluable, d.Code);
        Assert.Equal("BTC", d.Underlying);
        // LIMITED holds BTC, so even an order on another asset's instrument could not be margined.
        Assert.Equal(RejectCode.NotEvaluable, _engine.Evaluate(Buy(_limited, _spot, 1, 90000)).Code);

        Assert.Equal(RejectCode.None, _engine.SetMark(_btc, 90000));
        Assert.True(_engine.Evaluate(Buy(_free, _perp, 1, 90000)).Accepted);
    }

    [Fact]
    public void Fills_applied_while_a_mark_is_missing_are_margined_exactly_once_it_returns()
    {
        var o = Buy(_free, _call, 2, 3000);
        Assert.True(_engine.Evaluate(o).Accepted);
        _engine.SetMark(_btc, double.NaN);
        Assert.Equal(RejectCode.None, _engine.Fill(_free, o.ClientOrderId, 2, 3000));
        Assert.False(_engine.Figures(_free).IsFinite);

        _engine.SetMark(_btc, 91000);

        var fresh = new RiskEngine(_engine.Book);
        fresh.Evaluate(o);
        fresh.Fill(_free, o.ClientOrderId, 2, 3000);
        fresh.SetMark(_btc, 91000);
        Assert.Equal(fresh.Figures(_free), _engine.Figures(_free));
    }

    [Fact]
    public void What_if_decides_like_evaluate_but_reserves_nothing()
    {
        var order = Buy(_free, _call, 3, 3000);
        var before = _engine.Figures(_free, OpenOrderScenario.AllBuysFilled);

        var whatIf = _engine.WhatIf(order);

        Assert.True(whatIf.Accepted);
        Assert.Equal(0, _engine.OpenOrderCount(_free));
        Assert.Equal(before, _engine.Figures(_free, OpenOrderScenario.AllBuysFilled));
        var real = _engine.Evaluate(order);
        Assert.Equal(whatIf, real);
        // The decision's post-trade figures are the account's figures once the order is reserved.
        Assert.Equal(real.PostTrade.InitialMargin, _engine.Figures(_free, OpenOrderScenario.AllBuysFilled).InitialMargin, 6);
    }
}
