using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HybridMargin.Numerics;

/// <summary>
/// ln x in plain vector arithmetic, inlined into the kernels: fdlibm's reduction (x = 2^k·m, m ∈ [√½, √2), s = f/(2 + f)
/// with f = m − 1) and its minimax coefficients for ln(1 + f) = 2·atanh s, with exactly rounded fused multiply-adds, so
/// the same bits on any hardware. The runtime's Vector512.Log is a generic method the JIT does not inline; its tier-0
/// code runs element by element in software (as its exp did), so the first seconds of a process priced ticks ~100×
/// slower, and a per-contract call cost a non-inlined call per option.
/// </summary>
public static partial class VectorMath
{
    // Adding this to x's bits carries into the exponent exactly when m ≥ √2 (0x3ff00000 − 0x3fe6a09e in the high word).
    private const ulong LogExponentBias = 0x0009_5F62_0000_0000;
    private const ulong SqrtHalfBits = 0x3FE6_A09E_0000_0000;
    private const ulong MantissaMask = 0x000F_FFFF_FFFF_FFFF;

    // 2^−1022: below it the exponent field no longer scales the mantissa (subnormals go to Math.Log).
    private const double SmallestNormal = 2.2250738585072014e-308;

    // 2⁵² as bits and as a value: OR-ing a small integer into its mantissa and subtracting converts it exactly.
    private const ulong TwoTo52Bits = 0x4330_0000_0000_0000;
    private const double TwoTo52 = 4503599627370496.0;

    // fdlibm's e_log.c coefficients: ln(1 + f) = f − f²/2 + s·(f²/2 + R(s²)), |R(z) − (Lg1·z + … + Lg7·z⁷)| < 2^−58.45.
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LogPolynomial(Vector512<double> x)
    {
        // x = 2^k·m with m ∈ [√½, √2): the bias moves the exponent boundary from 2 to √2.
        var u = x.AsUInt64() + Vector512.Create(LogExponentBias);
        var k = ((u >> 52) | Vector512.Create(TwoTo52Bits)).AsDouble() - Vector512.Create(TwoTo52 + 1023);
        var m = ((u & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsDouble();
        var f = m - Vector512<double>.One;
        var halfSquare = Vector512.Create(0.5) * f * f;
        var s = f / (Vector512.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var even = w * Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(Lg6), w, Vector512.Create(Lg4)), w, Vector512.Create(Lg2));
        var odd = z * Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(Lg7), w, Vector512.Create(Lg5)), w, Vector512.Create(Lg3)), w, Vector512.Create(Lg1));
        var r = odd + even;
        return Vector512.FusedMultiplyAdd(s, halfSquare + r, k * Vector512.Create(Ln2Low)) - halfSquare + f + (k * Vector512.Create(Ln2High));
    }

    // Lanes that are not positive normal numbers (0, subnormal, negative, ∞, NaN) go to Math.Log, the rest to the
    // polynomial, so every element's value is its own whatever its neighbours.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LogLanes(Vector512<double> x) =>
        Vector512.GreaterThanOrEqualAll(x, Vector512.Create(SmallestNormal)) && Vector512.LessThanAll(x, Vector512.Create(double.PositiveInfinity))
            ? LogPolynomial(x)
            : LogBeyondPolynomial(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> LogBeyondPolynomial(Vector512<double> x)
    {
        var inRange = Vector512.GreaterThanOrEqual(x, Vector512.Create(SmallestNormal)) & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity));
        var result = LogPolynomial(Vector512.ConditionalSelect(inRange, x, Vector512<double>.One));
        for (int k = 0; k < Vector512<double>.Count; k++)
        {
            if (!(x[k] >= SmallestNormal && x[k] < double.PositiveInfinity))
            {
                result = result.WithElement(k, Math.Log(x[k]));
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LogPolynomial(Vector256<double> x)
    {
        // x = 2^k·m with m ∈ [√½, √2): the bias moves the exponent boundary from 2 to √2.
        var u = x.AsUInt64() + Vector256.Create(LogExponentBias);
        var k = ((u >> 52) | Vector256.Create(TwoTo52Bits)).AsDouble() - Vector256.Create(TwoTo52 + 1023);
        var m = ((u & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsDouble();
        var f = m - Vector256<double>.One;
        var halfSquare = Vector256.Create(0.5) * f * f;
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var even = w * Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(Lg6), w, Vector256.Create(Lg4)), w, Vector256.Create(Lg2));
        var odd = z * Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(Lg7), w, Vector256.Create(Lg5)), w, Vector256.Create(Lg3)), w, Vector256.Create(Lg1));
        var r = odd + even;
        return Vector256.FusedMultiplyAdd(s, halfSquare + r, k * Vector256.Create(Ln2Low)) - halfSquare + f + (k * Vector256.Create(Ln2High));
    }

    // Lanes that are not positive normal numbers (0, subnormal, negative, ∞, NaN) go to Math.Log, the rest to the
    // polynomial, so every element's value is its own whatever its neighbours.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LogLanes(Vector256<double> x) =>
        Vector256.GreaterThanOrEqualAll(x, Vector256.Create(SmallestNormal)) && Vector256.LessThanAll(x, Vector256.Create(double.PositiveInfinity))
            ? LogPolynomial(x)
            : LogBeyondPolynomial(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> LogBeyondPolynomial(Vector256<double> x)
    {
        var inRange = Vector256.GreaterThanOrEqual(x, Vector256.Create(SmallestNormal)) & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity));
        var result = LogPolynomial(Vector256.ConditionalSelect(inRange, x, Vector256<double>.One));
        for (int k = 0; k < Vector256<double>.Count; k++)
        {
            if (!(x[k] >= SmallestNormal && x[k] < double.PositiveInfinity))
            {
                result = result.WithElement(k, Math.Log(x[k]));
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> LogPolynomial(Vector128<double> x)
    {
        // x = 2^k·m with m ∈ [√½, √2): the bias moves the exponent boundary from 2 to √2.
        var u = x.AsUInt64() + Vector128.Create(LogExponentBias);
        var k = ((u >> 52) | Vector128.Create(TwoTo52Bits)).AsDouble() - Vector128.Create(TwoTo52 + 1023);
        var m = ((u & Vector128.Create(MantissaMask)) + Vector128.Create(SqrtHalfBits)).AsDouble();
        var f = m - Vector128<double>.One;
        var halfSquare = Vector128.Create(0.5) * f * f;
        var s = f / (Vector128.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var even = w * Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.Create(Lg6), w, Vector128.Create(Lg4)), w, Vector128.Create(Lg2));
        var odd = z * Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.Create(Lg7), w, Vector128.Create(Lg5)), w, Vector128.Create(Lg3)), w, Vector128.Create(Lg1));
        var r = odd + even;
        return Vector128.FusedMultiplyAdd(s, halfSquare + r, k * Vector128.Create(Ln2Low)) - halfSquare + f + (k * Vector128.Create(Ln2High));
    }

    // Lanes that are not positive normal numbers (0, subnormal, negative, ∞, NaN) go to Math.Log, the rest to the
    // polynomial, so every element's value is its own whatever its neighbours.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> LogLanes(Vector128<double> x) =>
        Vector128.GreaterThanOrEqualAll(x, Vector128.Create(SmallestNormal)) && Vector128.LessThanAll(x, Vector128.Create(double.PositiveInfinity))
            ? LogPolynomial(x)
            : LogBeyondPolynomial(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<double> LogBeyondPolynomial(Vector128<double> x)
    {
        var inRange = Vector128.GreaterThanOrEqual(x, Vector128.Create(SmallestNormal)) & Vector128.LessThan(x, Vector128.Create(double.PositiveInfinity));
        var result = LogPolynomial(Vector128.ConditionalSelect(inRange, x, Vector128<double>.One));
        for (int k = 0; k < Vector128<double>.Count; k++)
        {
            if (!(x[k] >= SmallestNormal && x[k] < double.PositiveInfinity))
            {
                result = result.WithElement(k, Math.Log(x[k]));
            }
        }

        return result;
    }
}
