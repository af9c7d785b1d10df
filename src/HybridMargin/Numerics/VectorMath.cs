using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HybridMargin.Books;
using HybridMargin.Pricing;

namespace HybridMargin.Numerics;

/// <summary>
/// Element-wise transcendental kernels for repricing options across Monte Carlo scenarios and on every mark tick: exp,
/// log, sqrt, the standard normal CDF, Black-76 call/put prices, an option chain's Greeks and one contract over the
/// scenario grid. Each runs Vector512 → Vector256 → Vector128 → scalar in one method; the <c>*Scalar</c> twins (and
/// <see cref="Black76"/> itself) are the plain references the SIMD paths are tested against.
/// </summary>
/// <remarks>
/// <para>
/// <c>result</c> must have the length of the inputs. It may be the very same memory as an input (in-place),
/// but must not partially overlap one: that is an <see cref="ArgumentException"/>.
/// </para>
/// <para>
/// Every element goes through the same algorithm whatever its position, the span length or the JIT tier (a ragged
/// tail is finished by re-running the last full vector, a single element by a Vector128 lane), so a scenario's
/// value is bit-identical whether it is priced alone or in a batch, early or late in the process; the Vector256
/// path gives the same bits as the Vector512 one. Exp, log and the normal CDF's rational function are this project's own,
/// with exactly rounded fused multiply-adds (in hardware or emulated), so the same bits on any hardware.
/// </para>
/// <para>
/// Accuracy figures in the remarks are the maxima measured by <c>VectorMathAccuracyTests</c> against the scalar
/// references on grids of 10⁶ points.
/// </para>
/// </remarks>
public static partial class VectorMath
{
    // The reference's branch point between Hart's rational function and the continued fraction (a = 5·√2).
    private const double CdfRationalLimit = 7.07106781186547;

    // N(−37) ≈ 5.7e-300; the reference flushes beyond it to keep e^{−a²/2} out of the subnormals.
    private const double CdfZeroBeyond = 37;

    private const double SqrtTwoPi = 2.506628274631;

    // The polynomial exp covers |x| ≤ 708, where e^x and its scale 2ⁿ are normal numbers.
    private const double ExpPolynomialLimit = 708;

    /// <summary>
    /// e^x for each element, by a Cody–Waite reduction and a degree-13 polynomial in vector arithmetic (VectorMath.ExpPolynomial.cs);
    /// elements with |x| &gt; 708 (near overflow, subnormal results, ±∞, NaN) by <see cref="Math.Exp"/> itself.
    /// </summary>
    /// <remarks>
    /// Measured against <see cref="Math.Exp"/> on [−745, 709]: max error 1 ulp, max relative error 2.2e-16.
    /// e^{−800} = 0, e^{710} = +∞, e^{−∞} = 0, e^{+∞} = +∞ and NaN propagates, exactly as the reference.
    /// </remarks>
    public static void Exp(ReadOnlySpan<double> x, Span<double> result)
    {
        CheckShapes(x, result);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double rr = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            nuint last = n - (nuint)Vector512<double>.Count;

            // Read before the loop: when result is x, the loop has overwritten these inputs by the time the tail runs.
            var tail = Vector512.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                ExpLanes(Vector512.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ExpLanes(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            var tail = Vector256.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                ExpLanes(Vector256.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ExpLanes(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            var tail = Vector128.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                ExpLanes(Vector128.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                ExpLanes(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        // A lone element still takes the vector algorithm: Math.Exp may round differently in the last ulp.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = ExpLanes(Vector128.Create(Unsafe.Add(ref rx, i))).ToScalar();
        }
    }

    /// <summary>Scalar reference of <see cref="Exp"/>.</summary>
    public static void ExpScalar(ReadOnlySpan<double> x, Span<double> result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = Math.Exp(x[i]);
        }
    }

    /// <summary>ln x for each element, by this project's own vector log (fdlibm's algorithm with fused multiply-adds, inlined).</summary>
    /// <remarks>
    /// Measured against <see cref="Math.Log(double)"/> on [1e-300, 1e300], log-spaced: max error 1 ulp, max relative
    /// error 2.2e-16; on [0.5, 2], where ln x crosses 0, max absolute error 1.1e-16. ln ±0 = −∞, ln of a negative
    /// number, −∞ or NaN is NaN and ln +∞ = +∞, as the reference (such lanes and subnormals are Math.Log's).
    /// </remarks>
    public static void Log(ReadOnlySpan<double> x, Span<double> result)
    {
        CheckShapes(x, result);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double rr = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            nuint last = n - (nuint)Vector512<double>.Count;

            // Read before the loop: when result is x, the loop has overwritten these inputs by the time the tail runs.
            var tail = Vector512.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                LogLanes(Vector512.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                LogLanes(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            var tail = Vector256.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                LogLanes(Vector256.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                LogLanes(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            var tail = Vector128.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                LogLanes(Vector128.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                LogLanes(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        // A lone element still takes the vector algorithm: Math.Log may round differently in the last ulp.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = LogLanes(Vector128.Create(Unsafe.Add(ref rx, i))).ToScalar();
        }
    }

    /// <summary>Scalar reference of <see cref="Log"/>.</summary>
    public static void LogScalar(ReadOnlySpan<double> x, Span<double> result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = Math.Log(x[i]);
        }
    }

    /// <summary>√x for each element.</summary>
    /// <remarks>Correctly rounded (IEEE 754 square root), hence bit-identical to <see cref="Math.Sqrt"/>; √(−x) is NaN.</remarks>
    public static void Sqrt(ReadOnlySpan<double> x, Span<double> result)
    {
        CheckShapes(x, result);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double rr = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            for (; i + (nuint)Vector512<double>.Count <= n; i += (nuint)Vector512<double>.Count)
            {
                Vector512.Sqrt(Vector512.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            for (; i + (nuint)Vector256<double>.Count <= n; i += (nuint)Vector256<double>.Count)
            {
                Vector256.Sqrt(Vector256.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            for (; i + (nuint)Vector128<double>.Count <= n; i += (nuint)Vector128<double>.Count)
            {
                Vector128.Sqrt(Vector128.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }
        }

        // Square root is correctly rounded everywhere, so a plain scalar tail cannot disagree with the lanes.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = Math.Sqrt(Unsafe.Add(ref rx, i));
        }
    }

    /// <summary>Scalar reference of <see cref="Sqrt"/>.</summary>
    public static void SqrtScalar(ReadOnlySpan<double> x, Span<double> result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = Math.Sqrt(x[i]);
        }
    }

    /// <summary>
    /// N(x), the standard normal CDF, for each element: the Hart/West formula of <see cref="NormalDistribution.Cdf"/>
    /// with both of its branches evaluated and merged by mask, so the lower tail keeps its relative precision.
    /// </summary>
    /// <remarks>
    /// Measured against <see cref="NormalDistribution.Cdf"/> on [−38, 9]: max absolute error 2.2e-16, max relative
    /// error 1.1e-15 wherever N(x) &gt; 0, i.e. down to x = −37.
    /// N(−∞) = 0, N(+∞) = 1, N(x) = 0 below −37 and NaN propagates, as the reference. The difference comes from
    /// the vector exp and from the fused multiply-adds of the rational function's Horner steps (the reference rounds twice).
    /// </remarks>
    public static void NormalCdf(ReadOnlySpan<double> x, Span<double> result)
    {
        CheckShapes(x, result);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double rr = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            nuint last = n - (nuint)Vector512<double>.Count;

            // Read before the loop: when result is x, the loop has overwritten these inputs by the time the tail runs.
            var tail = Vector512.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                Cdf(Vector512.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                Cdf(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            var tail = Vector256.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                Cdf(Vector256.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                Cdf(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            var tail = Vector128.LoadUnsafe(ref rx, last);
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                Cdf(Vector128.LoadUnsafe(ref rx, i)).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                Cdf(tail).StoreUnsafe(ref rr, last);
            }

            return;
        }

        // A lone element still takes the vector algorithm, whose exp may differ from Math.Exp in the last ulp.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = Cdf(Vector128.Create(Unsafe.Add(ref rx, i))).ToScalar();
        }
    }

    /// <summary>Scalar reference of <see cref="NormalCdf"/>: <see cref="NormalDistribution.Cdf"/> per element.</summary>
    public static void NormalCdfScalar(ReadOnlySpan<double> x, Span<double> result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = NormalDistribution.Cdf(x[i]);
        }
    }

    /// <summary>
    /// Black-76 call value per unit for each scenario (spot_i, vol_i) at a fixed strike, expiry and rate, as
    /// <see cref="Black76.Price"/>. Expired options (<paramref name="years"/> ≤ 0) are worth max(S − K, 0).
    /// </summary>
    /// <param name="spot">Spot per scenario.</param>
    /// <param name="strike">Strike.</param>
    /// <param name="years">Time to expiry in years.</param>
    /// <param name="vol">Volatility per scenario; the caller floors it above 0.</param>
    /// <param name="rate">Continuously compounded rate.</param>
    /// <param name="result">Value per scenario; may be <paramref name="spot"/> or <paramref name="vol"/> itself.</param>
    /// <remarks>
    /// Measured against <see cref="Black76.Price"/> with K = 100 over S/K ∈ [0.2, 5], σ ∈ [0.01, 3], T ∈ [1e-4, 5]
    /// and r ∈ {−0.01, 0, 0.05}: max absolute error 1.7e-13 (calls) and 4.3e-14 (puts), i.e. ≈ 1e-15·K; max relative
    /// error 1.4e-13 where the value is at least 1e-3·K. Below that the value is the small difference of
    /// F·N(d₁) and K·N(d₂), which magnifies their last-ulp differences: up to 2.2e-12 relative for values near 1e-9.
    /// </remarks>
    public static void Black76Call(ReadOnlySpan<double> spot, double strike, double years, ReadOnlySpan<double> vol, double rate, Span<double> result) =>
        Black76Prices(spot, new Black76Contract(OptionRight.Call, strike, years, rate), vol, result);

    /// <summary>Scalar reference of <see cref="Black76Call"/>: <see cref="Black76.Price"/> per scenario.</summary>
    /// <param name="spot">Spot per scenario.</param>
    /// <param name="strike">Strike.</param>
    /// <param name="years">Time to expiry in years.</param>
    /// <param name="vol">Volatility per scenario.</param>
    /// <param name="rate">Continuously compounded rate.</param>
    /// <param name="result">Value per scenario.</param>
    public static void Black76CallScalar(ReadOnlySpan<double> spot, double strike, double years, ReadOnlySpan<double> vol, double rate, Span<double> result)
    {
        for (int i = 0; i < spot.Length; i++)
        {
            result[i] = Black76.Price(OptionRight.Call, spot[i], strike, years, vol[i], rate);
        }
    }

    /// <summary>
    /// Black-76 put value per unit for each scenario (spot_i, vol_i) at a fixed strike, expiry and rate, as
    /// <see cref="Black76.Price"/>. Expired options (<paramref name="years"/> ≤ 0) are worth max(K − S, 0).
    /// </summary>
    /// <param name="spot">Spot per scenario.</param>
    /// <param name="strike">Strike.</param>
    /// <param name="years">Time to expiry in years.</param>
    /// <param name="vol">Volatility per scenario; the caller floors it above 0.</param>
    /// <param name="rate">Continuously compounded rate.</param>
    /// <param name="result">Value per scenario; may be <paramref name="spot"/> or <paramref name="vol"/> itself.</param>
    /// <remarks>
    /// Measured against <see cref="Black76.Price"/> with K = 100 over S/K ∈ [0.2, 5], σ ∈ [0.01, 3], T ∈ [1e-4, 5]
    /// and r ∈ {−0.01, 0, 0.05}: max absolute error 1.7e-13 (calls) and 4.3e-14 (puts), i.e. ≈ 1e-15·K; max relative
    /// error 1.4e-13 where the value is at least 1e-3·K. Below that the value is the small difference of
    /// F·N(d₁) and K·N(d₂), which magnifies their last-ulp differences: up to 2.2e-12 relative for values near 1e-9.
    /// </remarks>
    public static void Black76Put(ReadOnlySpan<double> spot, double strike, double years, ReadOnlySpan<double> vol, double rate, Span<double> result) =>
        Black76Prices(spot, new Black76Contract(OptionRight.Put, strike, years, rate), vol, result);

    /// <summary>Scalar reference of <see cref="Black76Put"/>: <see cref="Black76.Price"/> per scenario.</summary>
    /// <param name="spot">Spot per scenario.</param>
    /// <param name="strike">Strike.</param>
    /// <param name="years">Time to expiry in years.</param>
    /// <param name="vol">Volatility per scenario.</param>
    /// <param name="rate">Continuously compounded rate.</param>
    /// <param name="result">Value per scenario.</param>
    public static void Black76PutScalar(ReadOnlySpan<double> spot, double strike, double years, ReadOnlySpan<double> vol, double rate, Span<double> result)
    {
        for (int i = 0; i < spot.Length; i++)
        {
            result[i] = Black76.Price(OptionRight.Put, spot[i], strike, years, vol[i], rate);
        }
    }

    /// <summary>
    /// Black-76 value per unit of one contract for each scenario (spot_i, vol_i), as <see cref="Black76Call"/> and
    /// <see cref="Black76Put"/> but with the contract's terms worked out beforehand (no native call per invocation).
    /// </summary>
    /// <param name="spot">Spot per scenario.</param>
    /// <param name="contract">Strike, expiry, right and discount.</param>
    /// <param name="vol">Volatility per scenario; the caller floors it above 0.</param>
    /// <param name="result">Value per scenario; may be <paramref name="spot"/> or <paramref name="vol"/> itself.</param>
    public static void Black76Prices(ReadOnlySpan<double> spot, in Black76Contract contract, ReadOnlySpan<double> vol, Span<double> result)
    {
        CheckShapes(spot, result);
        CheckShapes(vol, result);
        ref double rs = ref MemoryMarshal.GetReference(spot);
        ref double rv = ref MemoryMarshal.GetReference(vol);
        ref double rr = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)spot.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            nuint last = n - (nuint)Vector512<double>.Count;

            // Read before the loop: when result is spot or vol, the loop has overwritten these inputs by the time the tail runs.
            var tailSpot = Vector512.LoadUnsafe(ref rs, last);
            var tailVol = Vector512.LoadUnsafe(ref rv, last);
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                Price(Vector512.LoadUnsafe(ref rs, i), Vector512.LoadUnsafe(ref rv, i), contract).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                Price(tailSpot, tailVol, contract).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            var tailSpot = Vector256.LoadUnsafe(ref rs, last);
            var tailVol = Vector256.LoadUnsafe(ref rv, last);
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                Price(Vector256.LoadUnsafe(ref rs, i), Vector256.LoadUnsafe(ref rv, i), contract).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                Price(tailSpot, tailVol, contract).StoreUnsafe(ref rr, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            var tailSpot = Vector128.LoadUnsafe(ref rs, last);
            var tailVol = Vector128.LoadUnsafe(ref rv, last);
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                Price(Vector128.LoadUnsafe(ref rs, i), Vector128.LoadUnsafe(ref rv, i), contract).StoreUnsafe(ref rr, i);
            }

            if (i != n)
            {
                Price(tailSpot, tailVol, contract).StoreUnsafe(ref rr, last);
            }

            return;
        }

        // A lone scenario still takes the vector algorithm, whose exp/log may differ from Math's in the last ulp.
        for (; i < n; i++)
        {
            Unsafe.Add(ref rr, i) = Price(Vector128.Create(Unsafe.Add(ref rs, i)), Vector128.Create(Unsafe.Add(ref rv, i)), contract).ToScalar();
        }
    }

    // The vector cores below repeat the reference's operations in the reference's order, except that the CDF's Horner
    // steps are fused multiply-adds (half the latency of its longest chain, the grid kernel's bottleneck), so the
    // kernels differ from NormalDistribution.Cdf and Black76.Price through those roundings and the vector exp and log.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Cdf(Vector512<double> x)
    {
        var a = Vector512.Abs(x);

        // Lanes beyond 37 are zeroed at the end; keeping their −a²/2 out of exp spares them its scalar path beyond 708.
        var beyond = Vector512.GreaterThan(a, Vector512.Create(CdfZeroBeyond));
        return CdfWithExp(x, ExpLanes(Vector512.ConditionalSelect(beyond, Vector512<double>.Zero, Vector512.Create(-0.5) * a * a)));
    }

    /// <summary>N(x) given e = e^{−x²/2} (any value in lanes beyond 37, which are zeroed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> CdfWithExp(Vector512<double> x, Vector512<double> e)
    {
        var a = Vector512.Abs(x);
        var beyond = Vector512.GreaterThan(a, Vector512.Create(CdfZeroBeyond));
        var num = Vector512.FusedMultiplyAdd(Vector512.Create(0.0352624965998911), a, Vector512.Create(0.700383064443688));
        num = Vector512.FusedMultiplyAdd(num, a, Vector512.Create(6.37396220353165));
        num = Vector512.FusedMultiplyAdd(num, a, Vector512.Create(33.912866078383));
        num = Vector512.FusedMultiplyAdd(num, a, Vector512.Create(112.079291497871));
        num = Vector512.FusedMultiplyAdd(num, a, Vector512.Create(221.213596169931));
        num = Vector512.FusedMultiplyAdd(num, a, Vector512.Create(220.206867912376));
        var den = Vector512.FusedMultiplyAdd(Vector512.Create(0.0883883476483184), a, Vector512.Create(1.75566716318264));
        den = Vector512.FusedMultiplyAdd(den, a, Vector512.Create(16.064177579207));
        den = Vector512.FusedMultiplyAdd(den, a, Vector512.Create(86.7807322029461));
        den = Vector512.FusedMultiplyAdd(den, a, Vector512.Create(296.564248779674));
        den = Vector512.FusedMultiplyAdd(den, a, Vector512.Create(637.333633378831));
        den = Vector512.FusedMultiplyAdd(den, a, Vector512.Create(793.826512519948));
        den = Vector512.FusedMultiplyAdd(den, a, Vector512.Create(440.413735824752));
        var tail = e * num / den;

        // The continued fraction costs five divisions and scenario d's rarely reach |d| ≥ 7.07, so it is only
        // evaluated when some lane needs it; lanes that do not need it are discarded by the mask either way.
        var limit = Vector512.Create(CdfRationalLimit);
        if (Vector512.GreaterThanOrEqualAny(a, limit))
        {
            var b = a + Vector512.Create(0.65);
            b = a + (Vector512.Create(4.0) / b);
            b = a + (Vector512.Create(3.0) / b);
            b = a + (Vector512.Create(2.0) / b);
            b = a + (Vector512.Create(1.0) / b);
            var fraction = e / b / Vector512.Create(SqrtTwoPi);
            tail = Vector512.ConditionalSelect(Vector512.LessThan(a, limit), tail, fraction);
        }

        tail = Vector512.ConditionalSelect(beyond, Vector512<double>.Zero, tail);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), Vector512<double>.One - tail, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Cdf(Vector256<double> x)
    {
        var a = Vector256.Abs(x);
        var beyond = Vector256.GreaterThan(a, Vector256.Create(CdfZeroBeyond));
        return CdfWithExp(x, ExpLanes(Vector256.ConditionalSelect(beyond, Vector256<double>.Zero, Vector256.Create(-0.5) * a * a)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> CdfWithExp(Vector256<double> x, Vector256<double> e)
    {
        var a = Vector256.Abs(x);
        var beyond = Vector256.GreaterThan(a, Vector256.Create(CdfZeroBeyond));
        var num = Vector256.FusedMultiplyAdd(Vector256.Create(0.0352624965998911), a, Vector256.Create(0.700383064443688));
        num = Vector256.FusedMultiplyAdd(num, a, Vector256.Create(6.37396220353165));
        num = Vector256.FusedMultiplyAdd(num, a, Vector256.Create(33.912866078383));
        num = Vector256.FusedMultiplyAdd(num, a, Vector256.Create(112.079291497871));
        num = Vector256.FusedMultiplyAdd(num, a, Vector256.Create(221.213596169931));
        num = Vector256.FusedMultiplyAdd(num, a, Vector256.Create(220.206867912376));
        var den = Vector256.FusedMultiplyAdd(Vector256.Create(0.0883883476483184), a, Vector256.Create(1.75566716318264));
        den = Vector256.FusedMultiplyAdd(den, a, Vector256.Create(16.064177579207));
        den = Vector256.FusedMultiplyAdd(den, a, Vector256.Create(86.7807322029461));
        den = Vector256.FusedMultiplyAdd(den, a, Vector256.Create(296.564248779674));
        den = Vector256.FusedMultiplyAdd(den, a, Vector256.Create(637.333633378831));
        den = Vector256.FusedMultiplyAdd(den, a, Vector256.Create(793.826512519948));
        den = Vector256.FusedMultiplyAdd(den, a, Vector256.Create(440.413735824752));
        var tail = e * num / den;

        var limit = Vector256.Create(CdfRationalLimit);
        if (Vector256.GreaterThanOrEqualAny(a, limit))
        {
            var b = a + Vector256.Create(0.65);
            b = a + (Vector256.Create(4.0) / b);
            b = a + (Vector256.Create(3.0) / b);
            b = a + (Vector256.Create(2.0) / b);
            b = a + (Vector256.Create(1.0) / b);
            var fraction = e / b / Vector256.Create(SqrtTwoPi);
            tail = Vector256.ConditionalSelect(Vector256.LessThan(a, limit), tail, fraction);
        }

        tail = Vector256.ConditionalSelect(beyond, Vector256<double>.Zero, tail);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), Vector256<double>.One - tail, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Cdf(Vector128<double> x)
    {
        var a = Vector128.Abs(x);
        var beyond = Vector128.GreaterThan(a, Vector128.Create(CdfZeroBeyond));
        return CdfWithExp(x, ExpLanes(Vector128.ConditionalSelect(beyond, Vector128<double>.Zero, Vector128.Create(-0.5) * a * a)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> CdfWithExp(Vector128<double> x, Vector128<double> e)
    {
        var a = Vector128.Abs(x);
        var beyond = Vector128.GreaterThan(a, Vector128.Create(CdfZeroBeyond));
        var num = Vector128.FusedMultiplyAdd(Vector128.Create(0.0352624965998911), a, Vector128.Create(0.700383064443688));
        num = Vector128.FusedMultiplyAdd(num, a, Vector128.Create(6.37396220353165));
        num = Vector128.FusedMultiplyAdd(num, a, Vector128.Create(33.912866078383));
        num = Vector128.FusedMultiplyAdd(num, a, Vector128.Create(112.079291497871));
        num = Vector128.FusedMultiplyAdd(num, a, Vector128.Create(221.213596169931));
        num = Vector128.FusedMultiplyAdd(num, a, Vector128.Create(220.206867912376));
        var den = Vector128.FusedMultiplyAdd(Vector128.Create(0.0883883476483184), a, Vector128.Create(1.75566716318264));
        den = Vector128.FusedMultiplyAdd(den, a, Vector128.Create(16.064177579207));
        den = Vector128.FusedMultiplyAdd(den, a, Vector128.Create(86.7807322029461));
        den = Vector128.FusedMultiplyAdd(den, a, Vector128.Create(296.564248779674));
        den = Vector128.FusedMultiplyAdd(den, a, Vector128.Create(637.333633378831));
        den = Vector128.FusedMultiplyAdd(den, a, Vector128.Create(793.826512519948));
        den = Vector128.FusedMultiplyAdd(den, a, Vector128.Create(440.413735824752));
        var tail = e * num / den;

        var limit = Vector128.Create(CdfRationalLimit);
        if (Vector128.GreaterThanOrEqualAny(a, limit))
        {
            var b = a + Vector128.Create(0.65);
            b = a + (Vector128.Create(4.0) / b);
            b = a + (Vector128.Create(3.0) / b);
            b = a + (Vector128.Create(2.0) / b);
            b = a + (Vector128.Create(1.0) / b);
            var fraction = e / b / Vector128.Create(SqrtTwoPi);
            tail = Vector128.ConditionalSelect(Vector128.LessThan(a, limit), tail, fraction);
        }

        tail = Vector128.ConditionalSelect(beyond, Vector128<double>.Zero, tail);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<double>.Zero), Vector128<double>.One - tail, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Price(Vector512<double> spot, Vector512<double> vol, in Black76Contract terms)
    {
        var strike = Vector512.Create(terms.Strike);
        if (terms.IsExpired)
        {
            return Vector512.Max(terms.IsCall ? spot - strike : strike - spot, Vector512<double>.Zero);
        }

        var sigmaSqrtT = vol * Vector512.Create(terms.SqrtYears);
        var discount = Vector512.Create(terms.Discount);
        var forward = spot / discount;
        var d1 = (LogLanes(forward / strike) + (Vector512.Create(0.5) * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        return terms.IsCall
            ? discount * ((forward * Cdf(d1)) - (strike * Cdf(d2)))
            : discount * ((strike * Cdf(-d2)) - (forward * Cdf(-d1)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Price(Vector256<double> spot, Vector256<double> vol, in Black76Contract terms)
    {
        var strike = Vector256.Create(terms.Strike);
        if (terms.IsExpired)
        {
            return Vector256.Max(terms.IsCall ? spot - strike : strike - spot, Vector256<double>.Zero);
        }

        var sigmaSqrtT = vol * Vector256.Create(terms.SqrtYears);
        var discount = Vector256.Create(terms.Discount);
        var forward = spot / discount;
        var d1 = (LogLanes(forward / strike) + (Vector256.Create(0.5) * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        return terms.IsCall
            ? discount * ((forward * Cdf(d1)) - (strike * Cdf(d2)))
            : discount * ((strike * Cdf(-d2)) - (forward * Cdf(-d1)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Price(Vector128<double> spot, Vector128<double> vol, in Black76Contract terms)
    {
        var strike = Vector128.Create(terms.Strike);
        if (terms.IsExpired)
        {
            return Vector128.Max(terms.IsCall ? spot - strike : strike - spot, Vector128<double>.Zero);
        }

        var sigmaSqrtT = vol * Vector128.Create(terms.SqrtYears);
        var discount = Vector128.Create(terms.Discount);
        var forward = spot / discount;
        var d1 = (LogLanes(forward / strike) + (Vector128.Create(0.5) * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        return terms.IsCall
            ? discount * ((forward * Cdf(d1)) - (strike * Cdf(d2)))
            : discount * ((strike * Cdf(-d2)) - (forward * Cdf(-d1)));
    }

    // Only the lanes beyond 708 go to Math.Exp, so every element's value is its own whatever its neighbours (the
    // runtime's vector exp, used before, handed the whole vector to Math.Exp and an element's bits could change).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpLanes(Vector512<double> x) =>
        Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(ExpPolynomialLimit)) ? ExpPolynomial(x) : ExpBeyondPolynomial(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> ExpBeyondPolynomial(Vector512<double> x)
    {
        var inRange = Vector512.LessThanOrEqual(Vector512.Abs(x), Vector512.Create(ExpPolynomialLimit));
        var e = ExpPolynomial(Vector512.ConditionalSelect(inRange, x, Vector512<double>.Zero));
        for (int k = 0; k < Vector512<double>.Count; k++)
        {
            if (!(Math.Abs(x[k]) <= ExpPolynomialLimit))
            {
                e = e.WithElement(k, Math.Exp(x[k]));
            }
        }

        return e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpLanes(Vector256<double> x) =>
        Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(ExpPolynomialLimit)) ? ExpPolynomial(x) : ExpBeyondPolynomial(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> ExpBeyondPolynomial(Vector256<double> x)
    {
        var inRange = Vector256.LessThanOrEqual(Vector256.Abs(x), Vector256.Create(ExpPolynomialLimit));
        var e = ExpPolynomial(Vector256.ConditionalSelect(inRange, x, Vector256<double>.Zero));
        for (int k = 0; k < Vector256<double>.Count; k++)
        {
            if (!(Math.Abs(x[k]) <= ExpPolynomialLimit))
            {
                e = e.WithElement(k, Math.Exp(x[k]));
            }
        }

        return e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpLanes(Vector128<double> x) =>
        Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(ExpPolynomialLimit)) ? ExpPolynomial(x) : ExpBeyondPolynomial(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<double> ExpBeyondPolynomial(Vector128<double> x)
    {
        var inRange = Vector128.LessThanOrEqual(Vector128.Abs(x), Vector128.Create(ExpPolynomialLimit));
        var e = ExpPolynomial(Vector128.ConditionalSelect(inRange, x, Vector128<double>.Zero));
        for (int k = 0; k < Vector128<double>.Count; k++)
        {
            if (!(Math.Abs(x[k]) <= ExpPolynomialLimit))
            {
                e = e.WithElement(k, Math.Exp(x[k]));
            }
        }

        return e;
    }

    private static void CheckShapes(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != result.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        // In place is fine (each element is read before it is written); a shifted overlap would read outputs as inputs.
        if (x.Overlaps(result, out int offset) && offset != 0)
        {
            ThrowPartialOverlap();
        }
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void ThrowPartialOverlap() =>
        throw new ArgumentException("result may be the input itself but must not partially overlap it", "result");
}
