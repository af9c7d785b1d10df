using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HybridMargin.Books;
using HybridMargin.Pricing;

namespace HybridMargin.Numerics;

/// <summary>Black-76 of one contract over scenarios that scale its spot by fixed factors: the scenario grid's repricing.</summary>
public static partial class VectorMath
{
    /// <summary>
    /// Black-76 value per unit of one contract in scenario i: spot <paramref name="spot"/>·growth_i, vol vol_i — as
    /// <see cref="Black76Prices"/> at spots S·growth_i, but with ln(growth_i) supplied, so no lane takes a log, and
    /// with e^{−d₂²/2} obtained from e^{−d₁²/2}·F_i/K (the identity K·n(d₂) = F·n(d₁)), so each lane takes one exp
    /// instead of two. Fixed moves like the grid's pay for their logs once, at load.
    /// </summary>
    /// <param name="spot">Spot S before the moves.</param>
    /// <param name="contract">Strike, expiry, right and discount.</param>
    /// <param name="growth">Spot factor per scenario (1 + move).</param>
    /// <param name="logGrowth">ln(growth_i), per scenario; the caller keeps it consistent with <paramref name="growth"/>.</param>
    /// <param name="vol">Vol per scenario; the caller floors it above 0.</param>
    /// <param name="result">Value per scenario; must not overlap an input.</param>
    /// <remarks>Measured by <c>VectorMathScenarioTests</c> against <see cref="Black76.Price"/>: within 1e-12 relative, 1e-14·K absolute.</remarks>
    public static void Black76ScenarioPrices(double spot, in Black76Contract contract, ReadOnlySpan<double> growth, ReadOnlySpan<double> logGrowth, ReadOnlySpan<double> vol, Span<double> result) =>
        Black76ScenarioPrices(spot, contract, LogLanes(Vector128.Create(contract.Moneyness(spot))).ToScalar(), growth, logGrowth, vol, result);

    /// <summary>
    /// <see cref="Black76ScenarioPrices(double, in Black76Contract, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    /// with ln(F/K) supplied: a mark tick takes a whole chain's in one <see cref="Log"/> pass, where one log per contract
    /// would head each contract's dependency chain (~25 ns a contract on this project's VMs).
    /// </summary>
    /// <param name="spot">Spot S before the moves.</param>
    /// <param name="contract">Strike, expiry, right and discount.</param>
    /// <param name="logMoneyness">ln of <see cref="Black76Contract.Moneyness"/> at <paramref name="spot"/>, by <see cref="Log"/> (ignored when expired); the caller keeps it consistent.</param>
    /// <param name="growth">Spot factor per scenario (1 + move).</param>
    /// <param name="logGrowth">ln(growth_i), per scenario; the caller keeps it consistent with <paramref name="growth"/>.</param>
    /// <param name="vol">Vol per scenario; the caller floors it above 0.</param>
    /// <param name="result">Value per scenario; must not overlap an input.</param>
    public static void Black76ScenarioPrices(double spot, in Black76Contract contract, double logMoneyness, ReadOnlySpan<double> growth, ReadOnlySpan<double> logGrowth, ReadOnlySpan<double> vol, Span<double> result)
    {
        CheckShapes(growth, result);
        CheckShapes(logGrowth, result);
        CheckShapes(vol, result);
        if (contract.IsExpired)
        {
            for (int k = 0; k < result.Length; k++)
            {
                result[k] = Black76.Intrinsic(contract.IsCall ? OptionRight.Call : OptionRight.Put, spot * growth[k], contract.Strike);
            }

            return;
        }

        var terms = new ScenarioTerms(spot, contract, logMoneyness, contract.Moneyness(spot));
        ref double rg = ref MemoryMarshal.GetReference(growth);
        ref double rl = ref MemoryMarshal.GetReference(logGrowth);
        ref double rv = ref MemoryMarshal.GetReference(vol);
        ref double rr = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)result.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            // A ragged tail re-runs the last full vector: the result does not overlap the inputs, so they are intact.
            nuint last = n - (nuint)Vector512<double>.Count;
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                ScenarioPrice(Vector512.LoadUnsafe(ref rg, i), Vector512.LoadUnsafe(ref rl, i), Vector512.LoadUnsafe(ref rv, i), terms).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ScenarioPrice(Vector512.LoadUnsafe(ref rg, last), Vector512.LoadUnsafe(ref rl, last), Vector512.LoadUnsafe(ref rv, last), terms).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                ScenarioPrice(Vector256.LoadUnsafe(ref rg, i), Vector256.LoadUnsafe(ref rl, i), Vector256.LoadUnsafe(ref rv, i), terms).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ScenarioPrice(Vector256.LoadUnsafe(ref rg, last), Vector256.LoadUnsafe(ref rl, last), Vector256.LoadUnsafe(ref rv, last), terms).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                ScenarioPrice(Vector128.LoadUnsafe(ref rg, i), Vector128.LoadUnsafe(ref rl, i), Vector128.LoadUnsafe(ref rv, i), terms).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ScenarioPrice(Vector128.LoadUnsafe(ref rg, last), Vector128.LoadUnsafe(ref rl, last), Vector128.LoadUnsafe(ref rv, last), terms).StoreUnsafe(ref rr, last);
            }

            return;
        }

        // A lone scenario still takes the vector algorithm (one Vector128 lane), so its bits do not depend on the batch.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = ScenarioPrice(
                Vector128.Create(Unsafe.Add(ref rg, i)), Vector128.Create(Unsafe.Add(ref rl, i)), Vector128.Create(Unsafe.Add(ref rv, i)), terms).ToScalar();
        }
    }

    // d₁ = (ln(F/K) + ln g + s²/2)/s with s = σ√T; the value is sign·(S·g·N(sign·d₁) − K·D·N(sign·d₂)), the reference's
    // call and put formulas term for term.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ScenarioPrice(Vector512<double> growth, Vector512<double> logGrowth, Vector512<double> vol, in ScenarioTerms terms)
    {
        var sign = Vector512.Create(terms.Sign);
        var s = vol * Vector512.Create(terms.SqrtYears);
        var d1 = ((Vector512.Create(terms.LogMoneyness) + logGrowth) + (Vector512.Create(0.5) * s * s)) / s;
        var d2 = d1 - s;
        var e1 = ExpLanes(Vector512.Create(-0.5) * d1 * d1);
        var e2 = e1 * (growth * Vector512.Create(terms.Moneyness));
        var n1 = CdfWithExp(sign * d1, e1);
        var n2 = CdfWithExp(sign * d2, e2);
        return sign * ((Vector512.Create(terms.Spot) * growth * n1) - (Vector512.Create(terms.DiscountedStrike) * n2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ScenarioPrice(Vector256<double> growth, Vector256<double> logGrowth, Vector256<double> vol, in ScenarioTerms terms)
    {
        var sign = Vector256.Create(terms.Sign);
        var s = vol * Vector256.Create(terms.SqrtYears);
        var d1 = ((Vector256.Create(terms.LogMoneyness) + logGrowth) + (Vector256.Create(0.5) * s * s)) / s;
        var d2 = d1 - s;
        var e1 = ExpLanes(Vector256.Create(-0.5) * d1 * d1);
        var e2 = e1 * (growth * Vector256.Create(terms.Moneyness));
        var n1 = CdfWithExp(sign * d1, e1);
        var n2 = CdfWithExp(sign * d2, e2);
        return sign * ((Vector256.Create(terms.Spot) * growth * n1) - (Vector256.Create(terms.DiscountedStrike) * n2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ScenarioPrice(Vector128<double> growth, Vector128<double> logGrowth, Vector128<double> vol, in ScenarioTerms terms)
    {
        var sign = Vector128.Create(terms.Sign);
        var s = vol * Vector128.Create(terms.SqrtYears);
        var d1 = ((Vector128.Create(terms.LogMoneyness) + logGrowth) + (Vector128.Create(0.5) * s * s)) / s;
        var d2 = d1 - s;
        var e1 = ExpLanes(Vector128.Create(-0.5) * d1 * d1);
        var e2 = e1 * (growth * Vector128.Create(terms.Moneyness));
        var n1 = CdfWithExp(sign * d1, e1);
        var n2 = CdfWithExp(sign * d2, e2);
        return sign * ((Vector128.Create(terms.Spot) * growth * n1) - (Vector128.Create(terms.DiscountedStrike) * n2));
    }

    private readonly struct ScenarioTerms(double spot, in Black76Contract contract, double logMoneyness, double moneyness)
    {
        public double Spot { get; } = spot;

        public double Sign { get; } = contract.Sign;

        public double SqrtYears { get; } = contract.SqrtYears;

        public double DiscountedStrike { get; } = contract.Strike * contract.Discount;

        /// <summary>F/K = S/(D·K).</summary>
        public double Moneyness { get; } = moneyness;

        /// <summary>ln(F/K).</summary>
        public double LogMoneyness { get; } = logMoneyness;
    }
}
