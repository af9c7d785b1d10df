using System.Runtime.CompilerServices;
using HybridMargin.Numerics;
using HybridMargin.Risk;

namespace HybridMargin.Engine;

/// <summary>Incremental maintenance of the account aggregates, and their exact recomputation where marks move.</summary>
public sealed partial class RiskEngine
{
    /// <summary>
    /// Adds <paramref name="quantity"/> (signed) of an instrument at <paramref name="price"/> (USD) to one side of an
    /// account. Spot moves balances and options, when <paramref name="settleCash"/>, move the quote balance by
    /// <paramref name="quotePrice"/> (the price in quote units); futures and perpetuals add q·m·price to the cost basis.
    /// </summary>
    private void ApplyInstrument(AccountState account, int side, int instrument, double quantity, double price, double quotePrice, bool settleCash, bool refreshLoss = true)
    {
        if (quantity == 0)
        {
            return;
        }

        ref readonly var terms = ref _market.Terms[instrument];
        int underlying = terms.Underlying;
        account.MarkHeld(instrument, underlying);
        if (terms.IsSpot)
        {
            // A spot position is the balance itself; open sides also keep the quantity for position limits.
            if (side != 0)
            {
                account.Quantity[side][instrument] += quantity;
            }

            ApplyBalance(account, side, underlying, quantity, refreshLoss);
            ApplyBalance(account, side, terms.Quote, -quantity * quotePrice, refreshLoss);
            return;
        }

        double contracts = quantity * terms.Multiplier;
        double spot = _market.Marks[underlying];
        if (terms.IsOption)
        {
            ChangeOptionQuantity(account, side, instrument, underlying, quantity, terms.Multiplier);
        }
        else
        {
            account.Quantity[side][instrument] += quantity;
        }

        account.Exposure.Add(side, underlying, contracts * _market.Deltas[instrument] * spot);
        if (terms.IsOption)
        {
            account.Exposure.Add(side, _market.AssetCount + underlying, contracts * _market.Vegas[instrument]);
            double gamma = contracts * _market.Gammas[instrument] * spot * spot;
            account.GammaExposure.Add(side, underlying, gamma);
            account.Mean[side] += 0.5 * gamma * _market.ReturnVariance[underlying];
            if (settleCash)
            {
                ApplyBalance(account, side, terms.Quote, -contracts * quotePrice, refreshLoss);
            }
        }
        else
        {
            account.Cost[side] += contracts * price;
        }

        double value = contracts * _market.Values[instrument];
        account.DerivativeValue[side][underlying] += value;
        account.DerivativeValueTotal[side] += value;
        DenseVector.AddScaled(account.GridOf(side, underlying), quantity, _market.InstrumentVector(instrument));
        if (refreshLoss)
        {
            RefreshLoss(account, side, underlying);
        }
    }

    private void ApplyBalance(AccountState account, int side, int asset, double units, bool refreshLoss = true)
    {
        if (units == 0)
        {
            return;
        }

        account.Balance[side][asset] += units;
        account.Exposure.Add(side, asset, units * _market.Marks[asset]);
        DenseVector.AddScaled(account.GridOf(side, asset), units, _market.SpotVector(asset));
        RefreshBalanceValue(account, side, asset);
        if (refreshLoss)
        {
            RefreshLoss(account, side, asset);
        }
    }

    /// <summary>Moves an option quantity and keeps the short-option totals of the affected combinations exact.</summary>
    private static void ChangeOptionQuantity(AccountState account, int side, int instrument, int underlying, double quantity, double multiplier)
    {
        double[] positions = account.Quantity[0];
        if (side == 0)
        {
            for (int c = 0; c < 3; c++)
            {
                double open = c == 0 ? 0 : account.Quantity[c][instrument];
                double before = Math.Max(0, -(positions[instrument] + open));
                double after = Math.Max(0, -(positions[instrument] + quantity + open));
                account.ShortOptionQuantity[c][underlying] += (after - before) * multiplier;
            }
        }
        else
        {
            double combined = positions[instrument] + account.Quantity[side][instrument];
            double before = Math.Max(0, -combined);
            double after = Math.Max(0, -(combined + quantity));
            account.ShortOptionQuantity[side][underlying] += (after - before) * multiplier;
        }

        account.Quantity[side][instrument] += quantity;
    }

    private void RefreshBalanceValue(AccountState account, int side, int asset)
    {
        double balance = account.Balance[0][asset];
        if (side == 0)
        {
            account.BalanceValue[0][asset] = HaircutValue(asset, balance);
            account.BalanceValue[1][asset] = HaircutValue(asset, balance + account.Balance[1][asset]);
            account.BalanceValue[2][asset] = HaircutValue(asset, balance + account.Balance[2][asset]);
        }
        else
        {
            account.BalanceValue[side][asset] = HaircutValue(asset, balance + account.Balance[side][asset]);
        }
    }

    private void RefreshLoss(AccountState account, int side, int asset)
    {
        if (side == 0)
        {
            account.Loss[0][asset] = Loss(account, 0, asset, 0, ZeroGrid, 0);
            account.Loss[1][asset] = Loss(account, 1, asset, 0, ZeroGrid, 0);
            account.Loss[2][asset] = Loss(account, 2, asset, 0, ZeroGrid, 0);
        }
        else
        {
            account.Loss[side][asset] = Loss(account, side, asset, 0, ZeroGrid, 0);
        }
    }

    /// <summary>
    /// Loss_i (SPEC §4.4) of a combination on one underlying, with an order's grid vector scaled by
    /// <paramref name="alpha"/> and its change of short-option quantity added.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Loss(AccountState account, int combination, int asset, double alpha, ReadOnlySpan<double> orderVector, double shortQuantityChange)
    {
        ReadOnlySpan<double> open = combination == 0 ? ZeroGrid : account.GridOf(combination, asset);
        double worst = DenseVector.MinOfSum(account.GridOf(0, asset), open, alpha, orderVector);
        double scanLoss = Math.Max(0, -worst);
        double shortMinimum = _market.ShortOptionMinimum[asset] * _market.Marks[asset]
            * (account.ShortOptionQuantity[combination][asset] + shortQuantityChange);
        return Math.Max(scanLoss, shortMinimum);
    }

    /// <summary>value_a = b·S·(1 − h) for holdings, b·S·(1 + h) for borrows (SPEC §4.2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double HaircutValue(int asset, double balance)
    {
        double haircut = _haircuts[asset];
        return balance * _market.Marks[asset] * (balance >= 0 ? 1 - haircut : 1 + haircut);
    }

    /// <summary>
    /// Recomputes every aggregate of one underlying from the account's holdings at current marks: the exact,
    /// drift-free path taken when a mark or an implied vol moves.
    /// </summary>
    private void RecomputeUnderlying(AccountState account, int asset, bool rebuildForms = true)
    {
        int n = _market.AssetCount;
        double spot = _market.Marks[asset];
        var held = account.Held[asset].AsSpan(0, account.HeldCount[asset]);
        var terms = _market.Terms;
        var deltas = _market.Deltas;
        var vegas = _market.Vegas;
        var gammas = _market.Gammas;
        var values = _market.Values;
        var rows = _combinationRows.AsSpan(0, held.Length);
        var weights = _combinationWeights.AsSpan(0, held.Length);

        // Per side (positions, open buys, open sells), the sums in held order with their accumulators in registers.
        for (int side = 0; side < 3; side++)
        {
            double[] quantities = account.Quantity[side];
            double delta = account.Balance[side][asset] * spot;
            double vega = 0;
            double gamma = 0;
            double value = 0;
            int count = 0;
            foreach (int instrument in held)
            {
                double quantity = quantities[instrument];
                if (quantity == 0 || terms[instrument].IsSpot)
                {
                    continue;
                }

                double contracts = quantity * terms[instrument].Multiplier;
                delta += contracts * deltas[instrument] * spot;
                vega += contracts * vegas[instrument];
                gamma += contracts * gammas[instrument] * spot * spot;
                value += contracts * values[instrument];
                rows[count] = instrument;
                weights[count++] = quantity;
            }

            var grid = account.GridOf(side, asset);
            grid.Clear();
            DenseVector.AddScaled(grid, account.Balance[side][asset], _market.SpotVector(asset));
            DenseVector.AddCombination(grid, weights.Slice(0, count), rows.Slice(0, count), _market.InstrumentGrid);

            // Written without updating the forms' cached products: every caller rebuilds the forms (and the mean) next.
            account.Exposure.Assign(side, asset, delta);
            account.Exposure.Assign(side, n + asset, vega);
            account.GammaExposure.Assign(side, asset, gamma);
            account.DerivativeValueTotal[side] += value - account.DerivativeValue[side][asset];
            account.DerivativeValue[side][asset] = value;
        }

        for (int c = 0; c < 3; c++)
        {
            double balance = account.Balance[0][asset] + (c == 0 ? 0 : account.Balance[c][asset]);
            account.BalanceValue[c][asset] = HaircutValue(asset, balance);
            account.Loss[c][asset] = Loss(account, c, asset, 0, ZeroGrid, 0);
        }

        // The mark path is the exact one: drop the rounding the incremental scalars carried (O(d²) per exposed account).
        if (rebuildForms)
        {
            RebuildForms(account);
        }
    }

    private void RebuildForms(AccountState account)
    {
        account.Exposure.Rebuild();
        account.GammaExposure.Rebuild();
        for (int side = 0; side < 3; side++)
        {
            account.Mean[side] = 0.5 * DenseVector.Dot(account.GammaExposure.Exposures(side), _market.ReturnVariance);
        }
    }

    /// <summary>Recomputes every aggregate of the account from its holdings, discarding accumulated rounding.</summary>
    private void RebuildAccount(AccountState account)
    {
        for (int asset = 0; asset < _market.AssetCount; asset++)
        {
            RecomputeUnderlying(account, asset, rebuildForms: false);
        }

        RebuildForms(account);
        for (int side = 0; side < 3; side++)
        {
            account.DerivativeValueTotal[side] = DenseVector.Sum(account.DerivativeValue[side]);
        }
    }

    /// <summary>SPEC §7: in liquidation from equity &lt; MM until equity ≥ IM again.</summary>
    private void RefreshLiquidation(AccountState account)
    {
        var figures = Figures(account, 0);
        if (!figures.IsFinite)
        {
            return;
        }

        if (!account.InLiquidation && figures.Equity < figures.MaintenanceMargin)
        {
            account.InLiquidation = true;
            LiquidationSink?.OnLiquidation(new LiquidationEvent(account.Index, account.Id, true, figures.Equity, figures.MaintenanceMargin, figures.InitialMargin));
        }
        else if (account.InLiquidation && figures.Equity >= figures.InitialMargin)
        {
            account.InLiquidation = false;
            LiquidationSink?.OnLiquidation(new LiquidationEvent(account.Index, account.Id, false, figures.Equity, figures.MaintenanceMargin, figures.InitialMargin));
        }
    }
}
