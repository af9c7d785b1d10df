using System.Runtime.CompilerServices;
using HybridMargin.Books;
using HybridMargin.Risk;

namespace HybridMargin.Engine;

/// <summary>
/// The synchronous pre-trade risk engine (SPEC §5): single-threaded, the only writer of account state.
/// Evaluating an order costs O(1) in the account's positions — every aggregate it needs is kept incrementally
/// as orders, fills, balances and marks change — and allocates nothing.
/// </summary>
public sealed partial class RiskEngine
{
    private static readonly double[] ZeroGrid = new double[ScenarioGrid.Width];

    private readonly Book _book;
    private readonly MarketState _market;
    private readonly AccountState[] _accounts;
    private readonly OpenOrderTable _orders;
    private readonly ParametricVar _var;
    private readonly double _imMultiplier;
    private readonly double[] _haircuts;
    private readonly long _maxSnapshotAge;
    private readonly bool _stalenessArmed;

    // Scratch for RecomputeUnderlying: of one side, the held instruments with a quantity on it and those quantities.
    private readonly int[] _combinationRows;
    private readonly double[] _combinationWeights;
    private long _lastSnapshotNanos;
    private bool _snapshotAdopted;

    /// <summary>Builds the engine's state from a book: marks, Greeks, grid vectors, and every account's aggregates.</summary>
    /// <exception cref="BookException">The book describes something the engine cannot margin.</exception>
    public RiskEngine(Book book, RiskEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= new RiskEngineOptions();
        _book = book;
        for (int i = 0; i < book.Instruments.Count; i++)
        {
            var instrument = book.Instruments[i];
            if (instrument.Kind is InstrumentKind.Spot or InstrumentKind.Option && instrument.Quote == instrument.Underlying)
            {
                throw new BookException($"instruments[{i}].quote", "the quote asset must differ from the underlying");
            }
        }

        _market = new MarketState(book);
        int widestUnderlying = Enumerable.Range(0, _market.AssetCount).Max(a => _market.InstrumentsOn(a).Length);
        _combinationRows = new int[widestUnderlying];
        _combinationWeights = new double[widestUnderlying];
        _var = new ParametricVar(book.Parameters);
        _imMultiplier = book.Parameters.ImMultiplier;
        _haircuts = book.Assets.Select(a => a.Haircut).ToArray();
        _orders = new OpenOrderTable(options.OpenOrderCapacity);
        _maxSnapshotAge = options.MaxSnapshotAgeNanos ?? long.MaxValue;
        _stalenessArmed = options.MaxSnapshotAgeNanos is not null;
        _accounts = new AccountState[book.Accounts.Count];
        for (int a = 0; a < _accounts.Length; a++)
        {
            var spec = book.Accounts[a];
            var account = new AccountState(spec, _market, _market.Covariance.Sigma, _market.Covariance.Gamma);
            _accounts[a] = account;
            for (int asset = 0; asset < spec.Balances.Length; asset++)
            {
                ApplyBalance(account, 0, asset, spec.Balances[asset]);
            }

            foreach (var position in spec.Positions)
            {
                // Option premiums of loaded positions are already in the balances (SPEC §3).
                ApplyInstrument(account, 0, position.Instrument, position.Quantity, position.EntryPrice, 0, settleCash: false);
            }

            RebuildAccount(account);
            RefreshLiquidation(account);
        }
    }

    /// <summary>
    /// Receives every liquidation transition after construction (accounts already in deficit at load start in
    /// liquidation without an event; see <see cref="IsInLiquidation"/>).
    /// </summary>
    public ILiquidationSink? LiquidationSink { get; set; }

    /// <summary>The book the engine was built from (its marks are the load-time ones; see <see cref="Mark"/>).</summary>
    public Book Book => _book;

    /// <summary>Number of accounts; valid account indices are 0 … AccountCount − 1.</summary>
    public int AccountCount => _accounts.Length;

    /// <summary>Account index of an id, or -1.</summary>
    public int FindAccount(string id) => _book.FindAccount(id);

    /// <summary>Instrument index of a symbol, or -1.</summary>
    public int FindInstrument(string symbol) => _book.FindInstrument(symbol);

    /// <summary>Asset index of a symbol, or -1.</summary>
    public int FindAsset(string symbol) => _book.FindAsset(symbol);

    /// <summary>
    /// Runs the pre-trade checks of SPEC §5 in order; an accepted order is reserved (counts as open) until it
    /// is filled or cancelled.
    /// </summary>
    public Decision Evaluate(in Order order) => Check(order, reserve: true);

    /// <summary>The same checks as <see cref="Evaluate"/> with nothing reserved or counted: the decision and the post-trade requirements.</summary>
    public Decision WhatIf(in Order order) => Check(order, reserve: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Decision Reject(RejectCode code, in Order order) => new() { Code = code, ClientOrderId = order.ClientOrderId };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Decision Reject(RejectCode code, in Order order, double value, double limit) =>
        new() { Code = code, ClientOrderId = order.ClientOrderId, Value = value, Limit = limit };

    private Decision Check(in Order order, bool reserve)
    {
        // 1. Known account and instrument.
        if ((uint)order.Account >= (uint)_accounts.Length)
        {
            return Reject(RejectCode.UnknownAccount, order);
        }

        if ((uint)order.Instrument >= (uint)_market.InstrumentCount)
        {
            return Reject(RejectCode.UnknownInstrument, order);
        }

        var account = _accounts[order.Account];
        ref readonly var terms = ref _market.Terms[order.Instrument];

        // 2. Well-formed order.
        bool isLimit = order.Type == OrderType.Limit;
        if ((order.Side != Side.Buy && order.Side != Side.Sell)
            || (!isLimit && order.Type != OrderType.Market)
            || !(order.Quantity > 0 && double.IsFinite(order.Quantity))
            || (isLimit && !(order.LimitPrice > 0 && double.IsFinite(order.LimitPrice)))
            || terms.Expired)
        {
            return Reject(RejectCode.InvalidOrder, order);
        }

        // 2b. Client order id free among the account's open orders.
        if (_orders.Find(order.Account, order.ClientOrderId) >= 0)
        {
            return Reject(RejectCode.DuplicateOrder, order);
        }

        // 3. Kill switch.
        if (account.Disabled)
        {
            return Reject(RejectCode.AccountDisabled, order);
        }

        int side = order.Side == Side.Buy ? 1 : 2;
        double signedQuantity = side == 1 ? order.Quantity : -order.Quantity;
        double held = HeldWithOpen(account, order.Instrument, side);
        bool reducing = held != 0 && Math.Sign(signedQuantity) == -Math.Sign(held) && order.Quantity <= Math.Abs(held);

        // 4. Liquidation: only orders that reduce the position.
        if (account.InLiquidation && !reducing)
        {
            return Reject(RejectCode.ReduceOnly, order);
        }

        // Fail closed: without a recent risk snapshot only reducing orders pass.
        if (_stalenessArmed && !reducing && IsStale(order.TimestampNanos))
        {
            return Reject(RejectCode.StaleRisk, order, _snapshotAdopted ? order.TimestampNanos - _lastSnapshotNanos : double.PositiveInfinity, _maxSnapshotAge);
        }

        // Fail closed: nothing is evaluated against a missing mark.
        if (_market.AnyMarkMissing)
        {
            int missing = MissingMarkFor(account, terms);
            if (missing >= 0)
            {
                return new Decision { Code = RejectCode.NotEvaluable, ClientOrderId = order.ClientOrderId, Underlying = _book.Assets[missing].Symbol };
            }
        }

        double mark = _market.Values[order.Instrument];
        double price = isLimit ? order.LimitPrice : mark;

        // 5. Size.
        if (order.Quantity > account.MaxOrderQuantity)
        {
            return Reject(RejectCode.OrderTooLarge, order, order.Quantity, account.MaxOrderQuantity);
        }

        double notional = order.Quantity * terms.Multiplier * price;
        if (notional > account.MaxOrderNotional)
        {
            return Reject(RejectCode.OrderTooLarge, order, notional, account.MaxOrderNotional);
        }

        // 5b. Position limit, open orders on the same side counted as filled.
        double maxPosition = account.MaxPosition[order.Instrument];
        double after = Math.Abs(held + signedQuantity);
        if (after > maxPosition)
        {
            return Reject(RejectCode.PositionLimit, order, after, maxPosition);
        }

        // 6. Price band around the mark (market orders trade at the mark).
        double deviation = Math.Abs(price - mark) / mark;
        if (deviation > account.PriceBand || !double.IsFinite(deviation))
        {
            return double.IsFinite(deviation)
                ? Reject(RejectCode.PriceOutOfBand, order, deviation, account.PriceBand)
                : Reject(RejectCode.NotEvaluable, order);
        }

        // 7. Open orders and rate.
        if (account.OpenOrders >= account.MaxOpenOrders)
        {
            return Reject(RejectCode.TooManyOrders, order, account.OpenOrders, account.MaxOpenOrders);
        }

        if (_orders.Count >= _orders.Capacity)
        {
            return Reject(RejectCode.TooManyOrders, order, _orders.Count, _orders.Capacity);
        }

        if (account.Throttle is { } throttle && throttle.WouldExceed(order.TimestampNanos))
        {
            return Reject(RejectCode.Throttled, order, throttle.MaxPerSecond + 1, throttle.MaxPerSecond);
        }

        // 8. Margin after the order, on the worse of "all open buys filled" and "all open sells filled".
        // Prices are USD; the cash leg of spot and options moves price / quote mark units of the quote asset.
        double quotePrice = price / _market.Marks[terms.Quote];
        var impact = Impact(order.Instrument, side, signedQuantity, price, quotePrice);
        var withOrder = FiguresWith(account, side, ref impact);
        int otherSide = 3 - side;
        var other = Figures(account, otherSide);
        bool orderSideWorse = withOrder.Excess <= other.Excess;
        var worse = orderSideWorse ? withOrder : other;
        if (!withOrder.IsFinite || !other.IsFinite)
        {
            return Reject(RejectCode.NotEvaluable, order);
        }

        if (worse.Excess < 0)
        {
            // A reducing order that does not raise its side's requirement is let through even when the account
            // is short of margin (the other side it cannot change): refusing it would lock a failing account
            // into its risk.
            bool harmless = reducing && withOrder.InitialMargin <= Figures(account, side).InitialMargin;
            if (!harmless)
            {
                return MarginReject(account, order, side, impact, withOrder, other, orderSideWorse);
            }
        }

        if (reserve)
        {
            Reserve(account, order, side, impact);
        }

        return new Decision { Code = RejectCode.None, ClientOrderId = order.ClientOrderId, PostTrade = worse };
    }

    private void Reserve(AccountState account, in Order order, int side, in OrderImpact impact)
    {
        double price = impact.Price;
        double quotePrice = impact.QuotePrice;
        var open = new OpenOrder
        {
            Account = order.Account,
            ClientOrderId = order.ClientOrderId,
            Instrument = order.Instrument,
            Side = order.Side,
            Remaining = order.Quantity,
            Price = price,
            QuotePrice = quotePrice,
        };
        _orders.TryAdd(open);
        account.OpenOrders++;
        account.Throttle?.Record(order.TimestampNanos);
        // The margin check already computed this side's losses with the order in it; reuse them.
        ApplyInstrument(account, side, order.Instrument, impact.SignedQuantity, price, quotePrice, settleCash: true, refreshLoss: false);
        account.Loss[side][impact.Underlying] = impact.UnderlyingLoss;
        if (impact.QuoteUnits != 0)
        {
            account.Loss[side][impact.Quote] = impact.QuoteLoss;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Decision MarginReject(AccountState account, in Order order, int side, in OrderImpact impact, in MarginFigures withOrder, in MarginFigures other, bool orderSideWorse)
    {
        int dominant = orderSideWorse
            ? DominantUnderlying(account, side, impact, withOrder)
            : DominantUnderlying(account, 3 - side, default, other);
        return new Decision
        {
            Code = RejectCode.InsufficientMargin,
            ClientOrderId = order.ClientOrderId,
            PostTrade = orderSideWorse ? withOrder : other,
            Underlying = dominant >= 0 ? _book.Assets[dominant].Symbol : null,
        };
    }

    /// <summary>Position (balance for spot) plus the signed open quantity of the given side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double HeldWithOpen(AccountState account, int instrument, int side)
    {
        ref readonly var terms = ref _market.Terms[instrument];
        double position = terms.IsSpot ? account.Balance[0][terms.Underlying] : account.Quantity[0][instrument];
        return position + account.Quantity[side][instrument];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsStale(long nowNanos) => !_snapshotAdopted || nowNanos - _lastSnapshotNanos > _maxSnapshotAge;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int MissingMarkFor(AccountState account, in InstrumentTerms terms)
    {
        if (_market.IsMarkMissing(terms.Underlying))
        {
            return terms.Underlying;
        }

        if ((terms.IsSpot || terms.IsOption) && _market.IsMarkMissing(terms.Quote))
        {
            return terms.Quote;
        }

        for (int asset = 0; asset < _market.AssetCount; asset++)
        {
            if (_market.IsMarkMissing(asset) && account.Touches(asset))
            {
                return asset;
            }
        }

        return -1;
    }
}
