namespace HybridMargin.Engine;

/// <summary>The events that change state besides orders: fills, cancels, replaces, balances, marks, vols, kill switch.</summary>
public sealed partial class RiskEngine
{
    /// <summary>
    /// Applies a (partial) fill of an open order: the filled quantity leaves the reservation and joins the
    /// position at <paramref name="price"/>; a fully filled order is no longer open.
    /// </summary>
    public RejectCode Fill(int account, long clientOrderId, double quantity, double price)
    {
        if ((uint)account >= (uint)_accounts.Length)
        {
            return RejectCode.UnknownAccount;
        }

        int slot = _orders.Find(account, clientOrderId);
        if (slot < 0)
        {
            return RejectCode.UnknownOrder;
        }

        ref var open = ref _orders[slot];
        // A fill may exceed the open quantity by rounding only; anything more is a venue error to surface.
        double tolerance = open.Remaining * 1e-12;
        if (!(quantity > 0 && quantity <= open.Remaining + tolerance && price > 0 && double.IsFinite(price)))
        {
            return RejectCode.InvalidInput;
        }

        var state = _accounts[account];
        int side = open.Side == Side.Buy ? 1 : 2;
        double sign = side == 1 ? 1 : -1;
        bool complete = quantity >= open.Remaining - tolerance;
        double filled = complete ? open.Remaining : quantity;
        // The reservation is released in the units it was made in; the fill settles at the quote's mark now,
        // or — if that mark is missing — at the rate of the reservation, so a balance never turns NaN.
        double quoteMark = _market.Marks[_market.Terms[open.Instrument].Quote];
        double quotePrice = double.IsNaN(quoteMark) ? open.QuotePrice * (price / open.Price) : price / quoteMark;
        ApplyInstrument(state, side, open.Instrument, -sign * filled, open.Price, open.QuotePrice, settleCash: true);
        ApplyInstrument(state, 0, open.Instrument, sign * filled, price, quotePrice, settleCash: true);
        if (complete)
        {
            _orders.RemoveAt(slot);
            state.OpenOrders--;
        }
        else
        {
            open.Remaining -= filled;
        }

        RefreshLiquidation(state);
        return RejectCode.None;
    }

    /// <summary>Cancels an open order, releasing what remains of its reservation.</summary>
    public RejectCode Cancel(int account, long clientOrderId)
    {
        if ((uint)account >= (uint)_accounts.Length)
        {
            return RejectCode.UnknownAccount;
        }

        int slot = _orders.Find(account, clientOrderId);
        if (slot < 0)
        {
            return RejectCode.UnknownOrder;
        }

        Release(_accounts[account], slot);
        return RejectCode.None;
    }

    /// <summary>
    /// Replaces an open order by <paramref name="replacement"/> (same account, a new client order id or the same one):
    /// the replacement is checked as if the original were cancelled; if it is rejected the original stays as it was.
    /// </summary>
    public Decision Replace(long originalClientOrderId, in Order replacement)
    {
        if ((uint)replacement.Account >= (uint)_accounts.Length)
        {
            return Reject(RejectCode.UnknownAccount, replacement);
        }

        int slot = _orders.Find(replacement.Account, originalClientOrderId);
        if (slot < 0)
        {
            return Reject(RejectCode.UnknownOrder, replacement);
        }

        var account = _accounts[replacement.Account];
        var original = _orders[slot];
        Release(account, slot);
        var decision = Check(replacement, reserve: true);
        if (!decision.Accepted)
        {
            Restore(account, original);
        }

        return decision;
    }

    /// <summary>Deposits (positive) or withdraws (negative) an asset balance.</summary>
    public RejectCode ChangeBalance(int account, int asset, double delta)
    {
        if ((uint)account >= (uint)_accounts.Length)
        {
            return RejectCode.UnknownAccount;
        }

        if ((uint)asset >= (uint)_market.AssetCount || !double.IsFinite(delta))
        {
            return RejectCode.InvalidInput;
        }

        var state = _accounts[account];
        ApplyBalance(state, 0, asset, delta);
        RefreshLiquidation(state);
        return RejectCode.None;
    }

    /// <summary>
    /// Sets an asset's mark and revalues everything that depends on it, for every account exposed to it.
    /// A non-finite or non-positive price leaves the asset without a usable mark: orders that depend on it are
    /// rejected (<see cref="RejectCode.NotEvaluable"/>) until a good mark arrives.
    /// </summary>
    public RejectCode SetMark(int asset, double price)
    {
        if ((uint)asset >= (uint)_market.AssetCount)
        {
            return RejectCode.InvalidInput;
        }

        bool wasMissing = _market.IsMarkMissing(asset);
        _market.SetMark(asset, price);
        if (_market.IsMarkMissing(asset))
        {
            return RejectCode.InvalidInput;
        }

        foreach (var account in _accounts)
        {
            if (!account.Touches(asset))
            {
                continue;
            }

            if (wasMissing)
            {
                // Fills applied while the mark was missing carried NaN Greeks: rebuild everything exactly.
                RebuildAccount(account);
            }
            else
            {
                RecomputeUnderlying(account, asset);
            }

            RefreshLiquidation(account);
        }

        return RejectCode.None;
    }

    /// <summary>Sets an option's implied vol and revalues it for every account holding or ordering it.</summary>
    public RejectCode SetImpliedVol(int instrument, double vol)
    {
        if ((uint)instrument >= (uint)_market.InstrumentCount || !_market.Terms[instrument].IsOption)
        {
            return RejectCode.UnknownInstrument;
        }

        if (!(vol > 0 && double.IsFinite(vol)))
        {
            return RejectCode.InvalidInput;
        }

        _market.SetImpliedVol(instrument, vol);
        int underlying = _market.Terms[instrument].Underlying;
        if (_market.IsMarkMissing(underlying))
        {
            return RejectCode.None;
        }

        foreach (var account in _accounts)
        {
            if (account.IsHeld[instrument])
            {
                RecomputeUnderlying(account, underlying);
                RefreshLiquidation(account);
            }
        }

        return RejectCode.None;
    }

    /// <summary>Turns an account's kill switch on (every order rejected with <see cref="RejectCode.AccountDisabled"/>) or off.</summary>
    public RejectCode SetKillSwitch(int account, bool disabled)
    {
        if ((uint)account >= (uint)_accounts.Length)
        {
            return RejectCode.UnknownAccount;
        }

        _accounts[account].Disabled = disabled;
        return RejectCode.None;
    }

    /// <summary>
    /// Sets the model add-on of an account (SPEC §4.5/§4.6: max(0, ES_MC − max(VaR, GridLoss)) from the background
    /// Monte Carlo); it adds to MM and so to IM, and may move the account into or out of liquidation.
    /// </summary>
    public RejectCode SetModelAddOn(int account, double addOn)
    {
        if ((uint)account >= (uint)_accounts.Length)
        {
            return RejectCode.UnknownAccount;
        }

        if (!(addOn >= 0 && double.IsFinite(addOn)))
        {
            return RejectCode.InvalidInput;
        }

        var state = _accounts[account];
        state.ModelAddOn = addOn;
        RefreshLiquidation(state);
        return RejectCode.None;
    }

    /// <summary>
    /// Applies automated risk parameters (SPEC §4.7): new annual price vols (Σ) and haircuts, then recomputes every
    /// account exactly. O(accounts × holdings + accounts × (2n)²): meant for snapshot adoption, not for every tick.
    /// </summary>
    public RejectCode ApplyRiskParameters(ReadOnlySpan<double> vols, ReadOnlySpan<double> haircuts)
    {
        if (vols.Length != _market.AssetCount || haircuts.Length != _market.AssetCount)
        {
            return RejectCode.InvalidInput;
        }

        for (int a = 0; a < vols.Length; a++)
        {
            if (!(vols[a] > 0 && double.IsFinite(vols[a]) && haircuts[a] >= 0 && haircuts[a] < 1))
            {
                return RejectCode.InvalidInput;
            }
        }

        _market.SetVols(vols);
        haircuts.CopyTo(_haircuts);
        foreach (var account in _accounts)
        {
            RebuildAccount(account);
            RefreshLiquidation(account);
        }

        return RejectCode.None;
    }

    /// <summary>Current annual price vol of an asset (the book's, or the last automated one).</summary>
    public double Vol(int asset) => _market.Vols[asset];

    /// <summary>Current haircut of an asset (the book's, or the last automated one).</summary>
    public double Haircut(int asset) => _haircuts[asset];

    /// <summary>Records that a risk snapshot was adopted at <paramref name="timestampNanos"/> (the staleness clock).</summary>
    public void AdoptSnapshot(long timestampNanos)
    {
        _lastSnapshotNanos = timestampNanos;
        _snapshotAdopted = true;
    }

    /// <summary>
    /// Recomputes every account from its holdings at current marks — the full recalculation's "from scratch" — and
    /// returns the drift it removed: the largest relative difference, over accounts, all three open-order scenarios
    /// and equity, VaR, ES, grid loss and IM, between the incremental figures and the fresh ones (relative to
    /// max(|fresh|, 1 USD)).
    /// </summary>
    public double RebuildAll()
    {
        double drift = 0;
        foreach (var account in _accounts)
        {
            var before0 = Figures(account, 0);
            var before1 = Figures(account, 1);
            var before2 = Figures(account, 2);
            RebuildAccount(account);
            drift = Math.Max(drift, Drift(before0, Figures(account, 0)));
            drift = Math.Max(drift, Drift(before1, Figures(account, 1)));
            drift = Math.Max(drift, Drift(before2, Figures(account, 2)));
            RefreshLiquidation(account);
        }

        return drift;
    }

    private static double Drift(in MarginFigures incremental, in MarginFigures fresh)
    {
        static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(b), 1);
        return Math.Max(
            Math.Max(Relative(incremental.Equity, fresh.Equity), Relative(incremental.VarParametric, fresh.VarParametric)),
            Math.Max(Math.Max(Relative(incremental.EsParametric, fresh.EsParametric), Relative(incremental.GridLoss, fresh.GridLoss)), Relative(incremental.InitialMargin, fresh.InitialMargin)));
    }

    private void Release(AccountState account, int slot)
    {
        var open = _orders[slot];
        int side = open.Side == Side.Buy ? 1 : 2;
        double signed = side == 1 ? open.Remaining : -open.Remaining;
        ApplyInstrument(account, side, open.Instrument, -signed, open.Price, open.QuotePrice, settleCash: true);
        _orders.RemoveAt(slot);
        account.OpenOrders--;
    }

    private void Restore(AccountState account, in OpenOrder original)
    {
        int side = original.Side == Side.Buy ? 1 : 2;
        double signed = side == 1 ? original.Remaining : -original.Remaining;
        _orders.TryAdd(original);
        account.OpenOrders++;
        ApplyInstrument(account, side, original.Instrument, signed, original.Price, original.QuotePrice, settleCash: true);
    }
}
