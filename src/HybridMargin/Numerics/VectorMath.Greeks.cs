using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HybridMargin.Pricing;

namespace HybridMargin.Numerics;

/// <summary>Black-76 Greeks of many contracts at one spot: what a mark tick needs for every option on the asset.</summary>
public static partial class VectorMath
{
    private const double InvSqrtTwoPi = 0.398942280401432677939946059934;

    /// <summary>
    /// Value, delta, gamma and vega per unit of unexpired Black-76 contracts on one underlying at <paramref name="spot"/>,
    /// contract i having its own strike, √T, discount e^{−rT}, right (sign +1 call, −1 put) and vol — as
    /// <see cref="Black76.Greeks"/> element by element (the put by the call formula with d₁, d₂ and the value negated,
    /// which is the reference's put formula term for term).
    /// </summary>
    /// <param name="spot">Spot S, shared by all contracts.</param>
    /// <param name="strike">Strike per contract.</param>
    /// <param name="sqrtYears">√T per contract; every one must be &gt; 0 (expired contracts are priced by their intrinsic value elsewhere).</param>
    /// <param name="discount">e^{−rT} per contract.</param>
    /// <param name="sign">+1 for a call, −1 for a put.</param>
    /// <param name="vol">Vol per contract.</param>
    /// <param name="value">Value per unit; must not overlap an input.</param>
    /// <param name="delta">∂V/∂S; must not overlap an input.</param>
    /// <param name="gamma">∂²V/∂S²; must not overlap an input.</param>
    /// <param name="vega">∂V/∂σ per 1.00 of vol; must not overlap an input.</param>
    /// <remarks>Measured by <c>VectorMathTests</c> against <see cref="Black76.Greeks"/>: within 1e-12 relative, 1e-14·K absolute.</remarks>
    public static void Black76Greeks(
        double spot,
        ReadOnlySpan<double> strike,
        ReadOnlySpan<double> sqrtYears,
        ReadOnlySpan<double> discount,
        ReadOnlySpan<double> sign,
        ReadOnlySpan<double> vol,
        Span<double> value,
        Span<double> delta,
        Span<double> gamma,
        Span<double> vega)
    {
        int length = strike.Length;
        if (sqrtYears.Length != length || discount.Length != length || sign.Length != length || vol.Length != length
            || value.Length != length || delta.Length != length || gamma.Length != length || vega.Length != length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        foreach (double t in sqrtYears)
        {
            if (!(t > 0))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(sqrtYears), "every contract must be unexpired (√T > 0)");
            }
        }

        var inputs = new GreeksInputs(strike, sqrtYears, discount, sign, vol);
        var outputs = new GreeksOutputs(value, delta, gamma, vega);
        nuint n = (nuint)length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            // A ragged tail re-runs the last full vector: outputs do not overlap inputs, so those are still intact.
            nuint last = n - (nuint)Vector512<double>.Count;
            for (; i <= last; i += (nuint)Vector512<double>.Count)
            {
                Greeks512(spot, inputs, outputs, i);
            }

            if (i != n)
            {
                Greeks512(spot, inputs, outputs, last);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            nuint last = n - (nuint)Vector256<double>.Count;
            for (; i <= last; i += (nuint)Vector256<double>.Count)
            {
                Greeks256(spot, inputs, outputs, i);
            }

            if (i != n)
            {
                Greeks256(spot, inputs, outputs, last);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            nuint last = n - (nuint)Vector128<double>.Count;
            for (; i <= last; i += (nuint)Vector128<double>.Count)
            {
                Greeks128(spot, inputs, outputs, i);
            }

            if (i != n)
            {
                Greeks128(spot, inputs, outputs, last);
            }

            return;
        }

        // A lone contract still takes the vector algorithm (one Vector128 lane), so its bits do not depend on the batch.
        for (; i < n; i++)
        {
            GreeksLane(spot, inputs, outputs, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Greeks512(double spot, in GreeksInputs inputs, in GreeksOutputs outputs, nuint i)
    {
        var (value, delta, gamma, vega) = Greeks(
            Vector512.Create(spot),
            Vector512.LoadUnsafe(ref inputs.Strike, i),
            Vector512.LoadUnsafe(ref inputs.SqrtYears, i),
            Vector512.LoadUnsafe(ref inputs.Discount, i),
            Vector512.LoadUnsafe(ref inputs.Sign, i),
            Vector512.LoadUnsafe(ref inputs.Vol, i));
        value.StoreUnsafe(ref outputs.Value, i);
        delta.StoreUnsafe(ref outputs.Delta, i);
        gamma.StoreUnsafe(ref outputs.Gamma, i);
        vega.StoreUnsafe(ref outputs.Vega, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Greeks256(double spot, in GreeksInputs inputs, in GreeksOutputs outputs, nuint i)
    {
        var (value, delta, gamma, vega) = Greeks(
            Vector256.Create(spot),
            Vector256.LoadUnsafe(ref inputs.Strike, i),
            Vector256.LoadUnsafe(ref inputs.SqrtYears, i),
            Vector256.LoadUnsafe(ref inputs.Discount, i),
            Vector256.LoadUnsafe(ref inputs.Sign, i),
            Vector256.LoadUnsafe(ref inputs.Vol, i));
        value.StoreUnsafe(ref outputs.Value, i);
        delta.StoreUnsafe(ref outputs.Delta, i);
        gamma.StoreUnsafe(ref outputs.Gamma, i);
        vega.StoreUnsafe(ref outputs.Vega, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Greeks128(double spot, in GreeksInputs inputs, in GreeksOutputs outputs, nuint i)
    {
        var (value, delta, gamma, vega) = Greeks(
            Vector128.Create(spot),
            Vector128.LoadUnsafe(ref inputs.Strike, i),
            Vector128.LoadUnsafe(ref inputs.SqrtYears, i),
            Vector128.LoadUnsafe(ref inputs.Discount, i),
            Vector128.LoadUnsafe(ref inputs.Sign, i),
            Vector128.LoadUnsafe(ref inputs.Vol, i));
        value.StoreUnsafe(ref outputs.Value, i);
        delta.StoreUnsafe(ref outputs.Delta, i);
        gamma.StoreUnsafe(ref outputs.Gamma, i);
        vega.StoreUnsafe(ref outputs.Vega, i);
    }

    private static void GreeksLane(double spot, in GreeksInputs inputs, in GreeksOutputs outputs, nuint i)
    {
        var (value, delta, gamma, vega) = Greeks(
            Vector128.Create(spot),
            Vector128.Create(Unsafe.Add(ref inputs.Strike, i)),
            Vector128.Create(Unsafe.Add(ref inputs.SqrtYears, i)),
            Vector128.Create(Unsafe.Add(ref inputs.Discount, i)),
            Vector128.Create(Unsafe.Add(ref inputs.Sign, i)),
            Vector128.Create(Unsafe.Add(ref inputs.Vol, i)));
        Unsafe.Add(ref outputs.Value, i) = value.ToScalar();
        Unsafe.Add(ref outputs.Delta, i) = delta.ToScalar();
        Unsafe.Add(ref outputs.Gamma, i) = gamma.ToScalar();
        Unsafe.Add(ref outputs.Vega, i) = vega.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Value, Vector512<double> Delta, Vector512<double> Gamma, Vector512<double> Vega) Greeks(Vector512<double> s, Vector512<double> strike, Vector512<double> sqrtT, Vector512<double> discount, Vector512<double> sign, Vector512<double> vol)
    {
        var sigmaSqrtT = vol * sqrtT;
        var forward = s / discount;
        var d1 = (LogLanes(forward / strike) + (Vector512.Create(0.5) * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        var nd1 = Vector512.Create(InvSqrtTwoPi) * ExpLanes(Vector512.Create(-0.5) * d1 * d1);
        var n1 = Cdf(sign * d1);
        var n2 = Cdf(sign * d2);
        return (sign * ((s * n1) - (strike * discount * n2)), sign * n1, nd1 / (s * sigmaSqrtT), s * nd1 * sqrtT);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Value, Vector256<double> Delta, Vector256<double> Gamma, Vector256<double> Vega) Greeks(Vector256<double> s, Vector256<double> strike, Vector256<double> sqrtT, Vector256<double> discount, Vector256<double> sign, Vector256<double> vol)
    {
        var sigmaSqrtT = vol * sqrtT;
        var forward = s / discount;
        var d1 = (LogLanes(forward / strike) + (Vector256.Create(0.5) * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        var nd1 = Vector256.Create(InvSqrtTwoPi) * ExpLanes(Vector256.Create(-0.5) * d1 * d1);
        var n1 = Cdf(sign * d1);
        var n2 = Cdf(sign * d2);
        return (sign * ((s * n1) - (strike * discount * n2)), sign * n1, nd1 / (s * sigmaSqrtT), s * nd1 * sqrtT);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<double> Value, Vector128<double> Delta, Vector128<double> Gamma, Vector128<double> Vega) Greeks(Vector128<double> s, Vector128<double> strike, Vector128<double> sqrtT, Vector128<double> discount, Vector128<double> sign, Vector128<double> vol)
    {
        var sigmaSqrtT = vol * sqrtT;
        var forward = s / discount;
        var d1 = (LogLanes(forward / strike) + (Vector128.Create(0.5) * sigmaSqrtT * sigmaSqrtT)) / sigmaSqrtT;
        var d2 = d1 - sigmaSqrtT;
        var nd1 = Vector128.Create(InvSqrtTwoPi) * ExpLanes(Vector128.Create(-0.5) * d1 * d1);
        var n1 = Cdf(sign * d1);
        var n2 = Cdf(sign * d2);
        return (sign * ((s * n1) - (strike * discount * n2)), sign * n1, nd1 / (s * sigmaSqrtT), s * nd1 * sqrtT);
    }

    private readonly ref struct GreeksInputs(ReadOnlySpan<double> strike, ReadOnlySpan<double> sqrtYears, ReadOnlySpan<double> discount, ReadOnlySpan<double> sign, ReadOnlySpan<double> vol)
    {
        public readonly ref double Strike = ref MemoryMarshal.GetReference(strike);
        public readonly ref double SqrtYears = ref MemoryMarshal.GetReference(sqrtYears);
        public readonly ref double Discount = ref MemoryMarshal.GetReference(discount);
        public readonly ref double Sign = ref MemoryMarshal.GetReference(sign);
        public readonly ref double Vol = ref MemoryMarshal.GetReference(vol);
    }

    private readonly ref struct GreeksOutputs(Span<double> value, Span<double> delta, Span<double> gamma, Span<double> vega)
    {
        public readonly ref double Value = ref MemoryMarshal.GetReference(value);
        public readonly ref double Delta = ref MemoryMarshal.GetReference(delta);
        public readonly ref double Gamma = ref MemoryMarshal.GetReference(gamma);
        public readonly ref double Vega = ref MemoryMarshal.GetReference(vega);
    }
}
