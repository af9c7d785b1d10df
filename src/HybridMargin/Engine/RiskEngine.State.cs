namespace HybridMargin.Engine;

/// <summary>The engine's whole mutable state as one enumeration: what snapshots save, recovery restores, and replay tests compare.</summary>
public sealed partial class RiskEngine
{
    /// <summary>
    /// Visits every mutable field — marks, revalued instruments, parameters, the open-order pool entry by entry, and per
    /// account the incremental aggregates with their rounding — so that a restored engine continues bit for bit as
    /// the original would have. The book itself (limits, terms) is not state: it must be the same book.
    /// </summary>
    internal void VisitState(IStateVisitor visitor)
    {
        int counts = _accounts.Length;
        visitor.Value("accounts", ref counts);
        visitor.Value("lastSnapshotNanos", ref _lastSnapshotNanos);
        visitor.Value("snapshotAdopted", ref _snapshotAdopted);
        visitor.Values("haircuts", _haircuts);
        VisitMarket(visitor);
        _orders.VisitState(visitor);
        foreach (var account in _accounts)
        {
            VisitAccount(visitor, account);
        }

        if (counts != _accounts.Length)
        {
            throw new InvalidDataException($"the state image has {counts} accounts, the engine's book {_accounts.Length}");
        }
    }

    /// <summary>The engine's whole mutable state as bytes (see <see cref="VisitState"/>): equal bytes, equal state.</summary>
    /// <returns>A new array.</returns>
    public byte[] CaptureState()
    {
        var image = new StateImageWriter();
        VisitState(image);
        return image.Written.ToArray();
    }

    /// <summary>Overwrites the engine's state with an image from <see cref="CaptureState"/> of an engine on the same book.</summary>
    /// <param name="image">The image.</param>
    /// <exception cref="InvalidDataException">The image is short, long, or shaped for another book; the engine is then unusable.</exception>
    public void RestoreState(ReadOnlySpan<byte> image)
    {
        var reader = new StateImageReader(image.ToArray());
        VisitState(reader);
        reader.EnsureConsumed();
    }

    private void VisitMarket(IStateVisitor visitor)
    {
        var m = _market;
        visitor.Value("market.missingMarks", ref m.MissingMarks);
        visitor.Values("market.marks", m.Marks);
        visitor.Values("market.impliedVols", m.ImpliedVols);
        visitor.Values("market.values", m.Values);
        visitor.Values("market.deltas", m.Deltas);
        visitor.Values("market.gammas", m.Gammas);
        visitor.Values("market.vegas", m.Vegas);
        visitor.Values("market.instrumentGrid", m.InstrumentGrid);
        visitor.Values("market.spotGrid", m.SpotGrid);
        visitor.Values("market.returnVariance", m.ReturnVariance);
        visitor.Values("market.sigma", m.Covariance.Sigma);
        visitor.Values("market.gamma", m.Covariance.Gamma);
        visitor.Values("market.vols", m.Vols);
        if (visitor.Restores)
        {
            m.RefreshOptionLanes();
        }
    }

    private static void VisitAccount(IStateVisitor visitor, AccountState a)
    {
        bool disabled = a.Disabled;
        visitor.Value("account.disabled", ref disabled);
        a.Disabled = disabled;
        bool liquidation = a.InLiquidation;
        visitor.Value("account.inLiquidation", ref liquidation);
        a.InLiquidation = liquidation;
        int open = a.OpenOrders;
        visitor.Value("account.openOrders", ref open);
        a.OpenOrders = open;
        double addOn = a.ModelAddOn;
        visitor.Value("account.modelAddOn", ref addOn);
        a.ModelAddOn = addOn;
        for (int s = 0; s < 3; s++)
        {
            visitor.Values("account.balance", a.Balance[s]);
            visitor.Values("account.quantity", a.Quantity[s]);
            visitor.Values("account.derivativeValue", a.DerivativeValue[s]);
            visitor.Values("account.grid", a.Grid[s]);
            visitor.Values("account.balanceValue", a.BalanceValue[s]);
            visitor.Values("account.shortOptionQuantity", a.ShortOptionQuantity[s]);
            visitor.Values("account.loss", a.Loss[s]);
        }

        visitor.Values("account.cost", a.Cost);
        visitor.Values("account.derivativeValueTotal", a.DerivativeValueTotal);
        visitor.Values("account.mean", a.Mean);
        a.Exposure.VisitState(visitor);
        a.GammaExposure.VisitState(visitor);
        foreach (int[] held in a.Held)
        {
            visitor.Values("account.held", held);
        }

        visitor.Values("account.heldCount", a.HeldCount);
        visitor.Values("account.isHeld", a.IsHeld);
        a.Throttle?.VisitState(visitor);
    }
}
