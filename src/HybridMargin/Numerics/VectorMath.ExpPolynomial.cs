using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HybridMargin.Numerics;

/// <summary>
/// e^x for |x| ≤ 708 in plain vector arithmetic, inlined into the kernels. Fused multiply-adds are exactly rounded
/// (in hardware or emulated), so the bits are the same on any machine. The runtime's Vector512.Exp is a generic
/// method the JIT does not inline; its tier-0 code runs element by element in software, so until it tiered up (seconds
/// in a busy process) a mark tick cost ~100× more — in every host that keeps the default tiered compilation.
/// </summary>
public static partial class VectorMath
{
    // x = n·ln 2 + r with |r| ≤ ln 2 / 2; ln 2 split so that n·Ln2High is exact for |n| < 2¹¹ (fdlibm's constants).
    private const double Log2E = 1.4426950408889634;
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;

    // Adding 1.5·2⁵² rounds to the nearest integer and leaves it in the low bits of the sum.
    private const double RoundingShift = 6755399441055744.0;

    // Taylor coefficients 1/k! for k = 2 … 13: on |r| ≤ 0.347 the remainder r¹⁴/14! is below 5e-18, under 0.05 ulp of e^r.
    private const double C2 = 1.0 / 2;
    private const double C3 = 1.0 / 6;
    private const double C4 = 1.0 / 24;
    private const double C5 = 1.0 / 120;
    private const double C6 = 1.0 / 720;
    private const double C7 = 1.0 / 5040;
    private const double C8 = 1.0 / 40320;
    private const double C9 = 1.0 / 362880;
    private const double C10 = 1.0 / 3628800;
    private const double C11 = 1.0 / 39916800;
    private const double C12 = 1.0 / 479001600;
    private const double C13 = 1.0 / 6227020800;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpPolynomial(Vector512<double> x)
    {
        var shifted = (x * Vector512.Create(Log2E)) + Vector512.Create(RoundingShift);
        var n = shifted - Vector512.Create(RoundingShift);
        var r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Low), Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2High), x));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(C13), r, Vector512.Create(C12));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C11));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C10));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C9));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C8));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C7));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);

        // 2ⁿ from the integer in the shifted sum's low bits: (n + 1023) << 52, n ∈ [−1022, 1022] here.
        var exponent = (shifted.AsUInt64() - Vector512.Create(RoundingShift).AsUInt64() + Vector512.Create(1023UL)) << 52;
        return p * exponent.AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpPolynomial(Vector256<double> x)
    {
        var shifted = (x * Vector256.Create(Log2E)) + Vector256.Create(RoundingShift);
        var n = shifted - Vector256.Create(RoundingShift);
        var r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Low), Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2High), x));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C13), r, Vector256.Create(C12));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C11));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C10));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C9));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C8));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C7));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        var exponent = (shifted.AsUInt64() - Vector256.Create(RoundingShift).AsUInt64() + Vector256.Create(1023UL)) << 52;
        return p * exponent.AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpPolynomial(Vector128<double> x)
    {
        var shifted = (x * Vector128.Create(Log2E)) + Vector128.Create(RoundingShift);
        var n = shifted - Vector128.Create(RoundingShift);
        var r = Vector128.FusedMultiplyAdd(-n, Vector128.Create(Ln2Low), Vector128.FusedMultiplyAdd(-n, Vector128.Create(Ln2High), x));
        var p = Vector128.FusedMultiplyAdd(Vector128.Create(C13), r, Vector128.Create(C12));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C11));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C10));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C9));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C8));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C7));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C6));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C5));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C4));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C3));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(C2));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128<double>.One);
        p = Vector128.FusedMultiplyAdd(p, r, Vector128<double>.One);
        var exponent = (shifted.AsUInt64() - Vector128.Create(RoundingShift).AsUInt64() + Vector128.Create(1023UL)) << 52;
        return p * exponent.AsDouble();
    }
}
