using System.Runtime.CompilerServices;
using HybridMargin.Numerics;
using HybridMargin.Risk;

namespace HybridMargin.Engine;

/// <summary>Margin figures from the incremental aggregates, with and without an order.</summary>
public sealed partial class RiskEngine
{
    /// <summary>Equity, VaR, ES, grid loss, MM and IM of an account now (SPEC §4.2–§4.5).</summary>
    public MarginFigures Figures(int account, OpenOrderScenario scenario = OpenOrderScenario.PositionsOnly)
    {
        if ((uint)account >= (uint)_accounts.Length)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(account), "no such account");
        }

        return Figures(_accounts[account], (int)scenario);
    }

    /// <summary>Whether the account is in liquidation (reduce-only, SPEC §7).</summary>
    public bool IsInLiquidation(int account) => _accounts[account].InLiquidation;

    /// <summary>Whether the account's kill switch is on.</summary>
    public bool IsDisabled(int account) => _accounts[account].Disabled;

    /// <summary>Number of the account's open (reserved) orders.</summary>
    public int OpenOrderCount(int account) => _accounts[account].OpenOrders;

    /// <summary>The account's balance of an asset.</summary>
    public double Balance(int account, int asset) => _accounts[account].Balance[0][asset];

    /// <summary>The account's position in a derivative (0 for spot instruments, whose holdings are balances).</summary>
    public double Position(int account, int instrument) => _accounts[account].Quantity[0][instrument];

    /// <summary>Σ q·m·price over the account's futures and perpetual fills: their P&amp;L is Σ q·m·mark − this.</summary>
    public double FuturesCost(int account) => _accounts[account].Cost[0];

    /// <summary>A detached copy of the account's balances and derivative positions (for full revaluation off the risk thread).</summary>
    public PortfolioHoldings Holdings(int account)
    {
        var state = _accounts[account];
        var derivatives = new List<(int Instrument, double Quantity)>();
        for (int i = 0; i < _market.InstrumentCount; i++)
        {
            double quantity = state.Quantity[0][i];
            if (quantity != 0 && !_market.Terms[i].IsSpot)
            {
                derivatives.Add((i, quantity));
            }
        }

        return new PortfolioHoldings((double[])state.Balance[0].Clone(), derivatives);
    }

    /// <summary>Current mark of an asset (NaN while missing).</summary>
    public double Mark(int asset) => _market.Marks[asset];

    /// <summary>Current implied vol of an option.</summary>
    public double ImpliedVol(int instrument) => _market.ImpliedVols[instrument];

    /// <summary>Current value per unit of an instrument (S, F or the Black-76 value).</summary>
    public double InstrumentMark(int instrument) => _market.Values[instrument];

    /// <summary>
    /// Standalone IM (SPEC §4.5): Σ over every leg — each derivative position and each balance — of the IM of
    /// that leg alone. What isolated or cross margin would ask for the same holdings.
    /// </summary>
    public double StandaloneInitialMargin(int account)
    {
        var state = _accounts[account];
        var sigma = _market.Covariance;
        int n = _market.AssetCount;
        double total = 0;
        for (int asset = 0; asset < n; asset++)
        {
            double balance = state.Balance[0][asset];
            if (balance == 0)
            {
                continue;
            }

            double delta = balance * _market.Marks[asset];
            double var = _var.Var(0, delta * delta * sigma[asset, asset]);
            double scan = Math.Max(0, -DenseVector.MinOfSum(ZeroGrid, ZeroGrid, balance, _market.SpotVector(asset)));
            total += Math.Max(var, scan);
        }

        for (int instrument = 0; instrument < _market.InstrumentCount; instrument++)
        {
            double quantity = state.Quantity[0][instrument];
            ref readonly var terms = ref _market.Terms[instrument];
            if (quantity == 0 || terms.IsSpot)
            {
                continue;
            }

            int u = terms.Underlying;
            double spot = _market.Marks[u];
            double contracts = quantity * terms.Multiplier;
            double delta = contracts * _market.Deltas[instrument] * spot;
            double vega = contracts * _market.Vegas[instrument];
            double gamma = contracts * _market.Gammas[instrument] * spot * spot;
            double variance = (delta * delta * sigma[u, u]) + (2 * delta * vega * sigma[u, n + u]) + (vega * vega * sigma[n + u, n + u])
                + (0.5 * gamma * gamma * _market.Covariance.Gamma[(u * n) + u]);
            double var = _var.Var(0.5 * gamma * _market.ReturnVariance[u], variance);
            double scan = Math.Max(0, -DenseVector.MinOfSum(ZeroGrid, ZeroGrid, quantity, _market.InstrumentVector(instrument)));
            double shortMinimum = terms.IsOption && quantity < 0
                ? _market.ShortOptionMinimum[u] * spot * -contracts
                : 0;
            total += Math.Max(var, Math.Max(scan, shortMinimum));
        }

        return total * _imMultiplier;
    }

    private MarginFigures Figures(AccountState account, int combination)
    {
        double variance = account.Exposure.Combined(combination) + (0.5 * account.GammaExposure.Combined(combination));
        double mean = account.Mean[0] + (combination == 0 ? 0 : account.Mean[combination]);
        double gridLoss = DenseVector.Sum(account.Loss[combination]);
        return Requirements(account, Equity(account, combination), mean, variance, gridLoss);
    }

    private double Equity(AccountState account, int combination)
    {
        double equity = DenseVector.Sum(account.BalanceValue[combination]) + account.DerivativeValueTotal[0] - account.Cost[0];
        if (combination != 0)
        {
            equity += account.DerivativeValueTotal[combination] - account.Cost[combination];
        }

        return equity;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MarginFigures Requirements(AccountState account, double equity, double mean, double variance, double gridLoss)
    {
        double var = _var.Var(mean, variance);
        double es = _var.ExpectedShortfall(mean, variance);
        double maintenance = Math.Max(var, gridLoss) + account.ModelAddOn;
        // NaN must survive into the figures (Math.Max would keep it, but be explicit): fail closed downstream.
        if (double.IsNaN(variance) || double.IsNaN(gridLoss))
        {
            maintenance = double.NaN;
        }

        return new MarginFigures(equity, var, es, gridLoss, account.ModelAddOn, maintenance, maintenance * _imMultiplier);
    }

    /// <summary>What the order adds to its side, at current marks and Greeks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private OrderImpact Impact(int instrument, int side, double signedQuantity, double price, double quotePrice)
    {
        ref readonly var terms = ref _market.Terms[instrument];
        int u = terms.Underlying;
        double spot = _market.Marks[u];
        var impact = new OrderImpact
        {
            Instrument = instrument,
            Underlying = u,
            Quote = terms.Quote,
            Side = side,
            SignedQuantity = signedQuantity,
            Price = price,
            QuotePrice = quotePrice,
        };
        if (terms.IsSpot)
        {
            impact.BaseUnits = signedQuantity;
            impact.QuoteUnits = -signedQuantity * quotePrice;
            impact.Delta = signedQuantity * spot;
            return impact;
        }

        double contracts = signedQuantity * terms.Multiplier;
        impact.Delta = contracts * _market.Deltas[instrument] * spot;
        impact.DerivativeValue = contracts * _market.Values[instrument];
        if (terms.IsOption)
        {
            impact.Vega = contracts * _market.Vegas[instrument];
            impact.Gamma = contracts * _market.Gammas[instrument] * spot * spot;
            impact.QuoteUnits = -contracts * quotePrice;
        }
        else
        {
            impact.Cost = contracts * price;
        }

        return impact;
    }

    /// <summary>Figures of "positions + side + order" from the side's aggregates and the order's impact: O(1) in positions.</summary>
    private MarginFigures FiguresWith(AccountState account, int side, ref OrderImpact impact)
    {
        int n = _market.AssetCount;
        int u = impact.Underlying;
        int q = impact.Quote;
        double quoteDelta = impact.QuoteUnits * _market.Marks[q];
        double variance = account.Exposure.CombinedWith(side, u, impact.Delta, n + u, impact.Vega, q, quoteDelta)
            + (0.5 * account.GammaExposure.CombinedWith(side, u, impact.Gamma, u, 0, u, 0));
        double mean = account.Mean[0] + account.Mean[side] + (0.5 * impact.Gamma * _market.ReturnVariance[u]);

        double[] losses = account.Loss[side];
        double gridLoss = DenseVector.Sum(losses);
        ref readonly var terms = ref _market.Terms[impact.Instrument];
        ReadOnlySpan<double> vector = terms.IsSpot ? _market.SpotVector(u) : _market.InstrumentVector(impact.Instrument);
        double shortChange = terms.IsOption ? ShortOptionChange(account, side, impact.Instrument, impact.SignedQuantity, terms.Multiplier) : 0;
        impact.UnderlyingLoss = Loss(account, side, u, impact.SignedQuantity, vector, shortChange);
        gridLoss += impact.UnderlyingLoss - losses[u];
        if (impact.QuoteUnits != 0)
        {
            impact.QuoteLoss = Loss(account, side, q, impact.QuoteUnits, _market.SpotVector(q), 0);
            gridLoss += impact.QuoteLoss - losses[q];
        }

        double equity = Equity(account, side) + impact.DerivativeValue - impact.Cost
            + BalanceValueChange(account, side, u, impact.BaseUnits)
            + BalanceValueChange(account, side, q, impact.QuoteUnits);
        return Requirements(account, equity, mean, variance, gridLoss);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double BalanceValueChange(AccountState account, int side, int asset, double units)
    {
        if (units == 0)
        {
            return 0;
        }

        double balance = account.Balance[0][asset] + account.Balance[side][asset];
        return HaircutValue(asset, balance + units) - account.BalanceValue[side][asset];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ShortOptionChange(AccountState account, int side, int instrument, double quantity, double multiplier)
    {
        double combined = account.Quantity[0][instrument] + account.Quantity[side][instrument];
        return (Math.Max(0, -(combined + quantity)) - Math.Max(0, -combined)) * multiplier;
    }

    /// <summary>
    /// The underlying that dominates a failing requirement: the largest post-trade grid loss when the grid
    /// decides MM, else the largest Euler contribution e_i·(Σe)_i to the delta-vega variance. Slow path.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int DominantUnderlying(AccountState account, int combination, in OrderImpact impact, in MarginFigures figures)
    {
        int n = _market.AssetCount;
        bool hasOrder = impact.SignedQuantity != 0;
        int best = -1;
        double bestValue = double.NegativeInfinity;
        if (figures.GridLoss >= figures.VarParametric)
        {
            for (int asset = 0; asset < n; asset++)
            {
                double loss = account.Loss[combination][asset];
                if (hasOrder && asset == impact.Underlying)
                {
                    ref readonly var terms = ref _market.Terms[impact.Instrument];
                    var vector = terms.IsSpot ? _market.SpotVector(asset) : _market.InstrumentVector(impact.Instrument);
                    double shortChange = terms.IsOption ? ShortOptionChange(account, combination, impact.Instrument, impact.SignedQuantity, terms.Multiplier) : 0;
                    loss = Loss(account, combination, asset, impact.SignedQuantity, vector, shortChange);
                }
                else if (hasOrder && asset == impact.Quote && impact.QuoteUnits != 0)
                {
                    loss = Loss(account, combination, asset, impact.QuoteUnits, _market.SpotVector(asset), 0);
                }

                if (loss > bestValue)
                {
                    bestValue = loss;
                    best = asset;
                }
            }

            return best;
        }

        var exposure = account.Scratch.AsSpan();
        account.Exposure.CopyCombined(combination, exposure);
        if (hasOrder)
        {
            exposure[impact.Underlying] += impact.Delta;
            exposure[n + impact.Underlying] += impact.Vega;
            exposure[impact.Quote] += impact.QuoteUnits * _market.Marks[impact.Quote];
        }

        // Σ·e from the maintained Σ·x of the sides plus the order's (at most three) columns: O(d), not O(d²).
        var product = account.ScratchProduct.AsSpan();
        account.Exposure.CopyCombinedProduct(combination, product);
        if (hasOrder)
        {
            var sigma = _market.Covariance.Sigma;
            int d = 2 * n;
            DenseVector.AddScaled(product, impact.Delta, QuadraticForm.Row(sigma, d, impact.Underlying));
            DenseVector.AddScaled(product, impact.Vega, QuadraticForm.Row(sigma, d, n + impact.Underlying));
            DenseVector.AddScaled(product, impact.QuoteUnits * _market.Marks[impact.Quote], QuadraticForm.Row(sigma, d, impact.Quote));
        }
        for (int asset = 0; asset < n; asset++)
        {
            double contribution = (exposure[asset] * product[asset]) + (exposure[n + asset] * product[n + asset]);
            if (contribution > bestValue)
            {
                bestValue = contribution;
                best = asset;
            }
        }

        return best;
    }
}
