using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HybridMargin.Books;
using HybridMargin.Pricing;

namespace HybridMargin.Numerics;

/// <summary>Black-76 of one contract over scenarios that scale its spot by fixed factors: the scenario grid's repricing.</summary>
public static partial class VectorMath
{
    // The vol-based overload prices in blocks of this many scenarios, its lanes on the stack.
    private const int ScenarioBlock = 32;

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
    public static void Black76ScenarioPrices(double spot, in Black76Contract contract, ReadOnlySpan<double> growth, ReadOnlySpan<double> logGrowth, ReadOnlySpan<double> vol, Span<double> result)
    {
        CheckShapes(growth, result);
        CheckShapes(logGrowth, result);
        CheckShapes(vol, result);
        double logMoneyness = LogMoneyness(spot, contract);
        Span<double> lanes = stackalloc double[3 * ScenarioBlock];
        for (int start = 0; start < result.Length; start += ScenarioBlock)
        {
            // Every lane's value is its own (no lane reads another), so pricing block by block changes no bits.
            int count = Math.Min(ScenarioBlock, result.Length - start);
            var deviation = lanes.Slice(0, count);
            var inverse = lanes.Slice(ScenarioBlock, count);
            var offset = lanes.Slice(2 * ScenarioBlock, count);
            Black76ScenarioLanes(contract, logGrowth.Slice(start, count), vol.Slice(start, count), deviation, inverse, offset);
            Black76ScenarioPrices(spot, contract, logMoneyness, growth.Slice(start, count), deviation, inverse, offset, result.Slice(start, count));
        }
    }

    /// <summary>
    /// ln(F/K) of one contract at <paramref name="spot"/>: the log of <see cref="Black76Contract.Moneyness"/> by this
    /// class's vector log, so its bits equal the element <see cref="Log"/> gives for it in a chain's batch.
    /// </summary>
    /// <param name="spot">Spot S.</param>
    /// <param name="contract">Strike and discount.</param>
    /// <returns>ln(S/(e^{−rT}·K)).</returns>
    public static double LogMoneyness(double spot, in Black76Contract contract) =>
        LogLanes(Vector128.Create(contract.Moneyness(spot))).ToScalar();

    /// <summary>
    /// What the scenario kernel needs of each scenario's vol, worked out once per vol: s_i = σ_i√T, 1/s_i and
    /// c_i = ln(growth_i)/s_i + s_i/2, so that d₁ = ln(F/K)·(1/s_i) + c_i — one fused multiply-add per lane on a mark
    /// tick instead of a division (the kernel's bottleneck) and four operations. A mark moves only ln(F/K); these
    /// change with the implied vol.
    /// </summary>
    /// <param name="contract">Expiry (√T); for an expired contract the lanes are not used.</param>
    /// <param name="logGrowth">ln(growth_i) per scenario.</param>
    /// <param name="vol">Vol per scenario; the caller floors it above 0.</param>
    /// <param name="deviation">s_i = σ_i√T.</param>
    /// <param name="inverseDeviation">1/s_i.</param>
    /// <param name="offset">ln(growth_i)/s_i + s_i/2.</param>
    public static void Black76ScenarioLanes(in Black76Contract contract, ReadOnlySpan<double> logGrowth, ReadOnlySpan<double> vol, Span<double> deviation, Span<double> inverseDeviation, Span<double> offset)
    {
        CheckShapes(logGrowth, deviation);
        CheckShapes(vol, deviation);
        CheckShapes(vol, inverseDeviation);
        CheckShapes(vol, offset);
        for (int k = 0; k < vol.Length; k++)
        {
            double s = vol[k] * contract.SqrtYears;
            double inverse = 1 / s;
            deviation[k] = s;
            inverseDeviation[k] = inverse;
            offset[k] = (logGrowth[k] * inverse) + (0.5 * s);
        }
    }

    /// <summary>
    /// The scenario kernel on lanes from <see cref="Black76ScenarioLanes"/>: a mark tick supplies only the spot and
    /// ln(F/K), which an option chain takes for all its contracts in one <see cref="Log"/> pass.
    /// </summary>
    /// <param name="spot">Spot S before the moves.</param>
    /// <param name="contract">Strike, expiry, right and discount.</param>
    /// <param name="logMoneyness">ln of <see cref="Black76Contract.Moneyness"/> at <paramref name="spot"/>, by <see cref="Log"/> (unused when expired); the caller keeps it consistent.</param>
    /// <param name="growth">Spot factor per scenario (1 + move).</param>
    /// <param name="deviation">s_i per scenario.</param>
    /// <param name="inverseDeviation">1/s_i per scenario.</param>
    /// <param name="offset">c_i per scenario.</param>
    /// <param name="result">Value per scenario; must not overlap an input.</param>
    public static void Black76ScenarioPrices(double spot, in Black76Contract contract, double logMoneyness, ReadOnlySpan<double> growth, ReadOnlySpan<double> deviation, ReadOnlySpan<double> inverseDeviation, ReadOnlySpan<double> offset, Span<double> result)
    {
        CheckShapes(growth, result);
        CheckShapes(deviation, result);
        CheckShapes(inverseDeviation, result);
        CheckShapes(offset, result);
        if (contract.IsExpired)
        {
            for (int k = 0; k < result.Length; k++)
            {
                result[k] = Black76.Intrinsic(contract.IsCall ? OptionRight.Call : OptionRight.Put, spot * growth[k], contract.Strike);
            }

            return;
        }

        var terms = new ScenarioTerms(spot, contract, logMoneyness, contract.Moneyness(spot));
        var lanes = new ScenarioLanes(growth, deviation, inverseDeviation, offset);
        nuint n = (nuint)result.Length;
        nuint i = 0;
        ref double rr = ref MemoryMarshal.GetReference(result);
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            // A ragged tail re-runs the last full vector: the result does not overlap the inputs, so they are intact.
            nuint last = n - (nuint)Vector512<double>.Count;
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                ScenarioPrice512(lanes, i, terms).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ScenarioPrice512(lanes, last, terms).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                ScenarioPrice256(lanes, i, terms).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ScenarioPrice256(lanes, last, terms).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                ScenarioPrice128(lanes, i, terms).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ScenarioPrice128(lanes, last, terms).StoreUnsafe(ref rr, last);
            }

            return;
        }

        // A lone scenario still takes the vector algorithm (one Vector128 lane), so its bits do not depend on the batch.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = ScenarioPrice(
                Vector128.Create(Unsafe.Add(ref lanes.Growth, i)),
                Vector128.Create(Unsafe.Add(ref lanes.Deviation, i)),
                Vector128.Create(Unsafe.Add(ref lanes.InverseDeviation, i)),
                Vector128.Create(Unsafe.Add(ref lanes.Offset, i)),
                terms).ToScalar();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ScenarioPrice512(in ScenarioLanes lanes, nuint i, in ScenarioTerms terms) => ScenarioPrice(
        Vector512.LoadUnsafe(ref lanes.Growth, i), Vector512.LoadUnsafe(ref lanes.Deviation, i), Vector512.LoadUnsafe(ref lanes.InverseDeviation, i), Vector512.LoadUnsafe(ref lanes.Offset, i), terms);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ScenarioPrice256(in ScenarioLanes lanes, nuint i, in ScenarioTerms terms) => ScenarioPrice(
        Vector256.LoadUnsafe(ref lanes.Growth, i), Vector256.LoadUnsafe(ref lanes.Deviation, i), Vector256.LoadUnsafe(ref lanes.InverseDeviation, i), Vector256.LoadUnsafe(ref lanes.Offset, i), terms);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ScenarioPrice128(in ScenarioLanes lanes, nuint i, in ScenarioTerms terms) => ScenarioPrice(
        Vector128.LoadUnsafe(ref lanes.Growth, i), Vector128.LoadUnsafe(ref lanes.Deviation, i), Vector128.LoadUnsafe(ref lanes.InverseDeviation, i), Vector128.LoadUnsafe(ref lanes.Offset, i), terms);

    // d₁ = ln(F/K)/s + ln g/s + s/2 with s = σ√T; the value is sign·(S·g·N(sign·d₁) − K·D·N(sign·d₂)), the reference's
    // call and put formulas term for term.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ScenarioPrice(Vector512<double> growth, Vector512<double> deviation, Vector512<double> inverseDeviation, Vector512<double> offset, in ScenarioTerms terms)
    {
        var sign = Vector512.Create(terms.Sign);
        var d1 = Vector512.FusedMultiplyAdd(Vector512.Create(terms.LogMoneyness), inverseDeviation, offset);
        var d2 = d1 - deviation;
        var e1 = ExpLanes(Vector512.Create(-0.5) * d1 * d1);
        var e2 = e1 * (growth * Vector512.Create(terms.Moneyness));
        var n1 = CdfWithExp(sign * d1, e1);
        var n2 = CdfWithExp(sign * d2, e2);
        return sign * ((Vector512.Create(terms.Spot) * growth * n1) - (Vector512.Create(terms.DiscountedStrike) * n2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ScenarioPrice(Vector256<double> growth, Vector256<double> deviation, Vector256<double> inverseDeviation, Vector256<double> offset, in ScenarioTerms terms)
    {
        var sign = Vector256.Create(terms.Sign);
        var d1 = Vector256.FusedMultiplyAdd(Vector256.Create(terms.LogMoneyness), inverseDeviation, offset);
        var d2 = d1 - deviation;
        var e1 = ExpLanes(Vector256.Create(-0.5) * d1 * d1);
        var e2 = e1 * (growth * Vector256.Create(terms.Moneyness));
        var n1 = CdfWithExp(sign * d1, e1);
        var n2 = CdfWithExp(sign * d2, e2);
        return sign * ((Vector256.Create(terms.Spot) * growth * n1) - (Vector256.Create(terms.DiscountedStrike) * n2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ScenarioPrice(Vector128<double> growth, Vector128<double> deviation, Vector128<double> inverseDeviation, Vector128<double> offset, in ScenarioTerms terms)
    {
        var sign = Vector128.Create(terms.Sign);
        var d1 = Vector128.FusedMultiplyAdd(Vector128.Create(terms.LogMoneyness), inverseDeviation, offset);
        var d2 = d1 - deviation;
        var e1 = ExpLanes(Vector128.Create(-0.5) * d1 * d1);
        var e2 = e1 * (growth * Vector128.Create(terms.Moneyness));
        var n1 = CdfWithExp(sign * d1, e1);
        var n2 = CdfWithExp(sign * d2, e2);
        return sign * ((Vector128.Create(terms.Spot) * growth * n1) - (Vector128.Create(terms.DiscountedStrike) * n2));
    }

    private readonly ref struct ScenarioLanes(ReadOnlySpan<double> growth, ReadOnlySpan<double> deviation, ReadOnlySpan<double> inverseDeviation, ReadOnlySpan<double> offset)
    {
        public readonly ref double Growth = ref MemoryMarshal.GetReference(growth);
        public readonly ref double Deviation = ref MemoryMarshal.GetReference(deviation);
        public readonly ref double InverseDeviation = ref MemoryMarshal.GetReference(inverseDeviation);
        public readonly ref double Offset = ref MemoryMarshal.GetReference(offset);
    }

    private readonly struct ScenarioTerms(double spot, in Black76Contract contract, double logMoneyness, double moneyness)
    {
        public double Spot { get; } = spot;

        public double Sign { get; } = contract.Sign;

        public double DiscountedStrike { get; } = contract.Strike * contract.Discount;

        /// <summary>F/K = S/(D·K).</summary>
        public double Moneyness { get; } = moneyness;

        /// <summary>ln(F/K).</summary>
        public double LogMoneyness { get; } = logMoneyness;
    }
}
