using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridMargin.Numerics;

/// <summary>
/// The vector kernels of the risk math: dot product, y += αx, sum and the scenario-grid minimum.
/// Each runs Vector512 → Vector256 → Vector128 → scalar in one method; the <c>*Scalar</c> twins are the
/// plain references the SIMD paths are tested against.
/// </summary>
public static class DenseVector
{
    /// <summary>Σ a_i·b_i.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        nuint n = (nuint)a.Length;
        nuint i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            var acc = Vector512<double>.Zero;
            for (; i + (nuint)Vector512<double>.Count <= n; i += (nuint)Vector512<double>.Count)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, i), Vector512.LoadUnsafe(ref rb, i), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i + (nuint)Vector256<double>.Count <= n; i += (nuint)Vector256<double>.Count)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, i), Vector256.LoadUnsafe(ref rb, i), acc);
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            var acc = Vector128<double>.Zero;
            for (; i + (nuint)Vector128<double>.Count <= n; i += (nuint)Vector128<double>.Count)
            {
                acc = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref ra, i), Vector128.LoadUnsafe(ref rb, i), acc);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        }

        return sum;
    }

    /// <summary>Scalar reference of <see cref="Dot"/>.</summary>
    public static double DotScalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += α·x.</summary>
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        if (y.Length != x.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rx = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)y.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            var va = Vector512.Create(alpha);
            for (; i + (nuint)Vector512<double>.Count <= n; i += (nuint)Vector512<double>.Count)
            {
                Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref rx, i), Vector512.LoadUnsafe(ref ry, i)).StoreUnsafe(ref ry, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            var va = Vector256.Create(alpha);
            for (; i + (nuint)Vector256<double>.Count <= n; i += (nuint)Vector256<double>.Count)
            {
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rx, i), Vector256.LoadUnsafe(ref ry, i)).StoreUnsafe(ref ry, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            var va = Vector128.Create(alpha);
            for (; i + (nuint)Vector128<double>.Count <= n; i += (nuint)Vector128<double>.Count)
            {
                Vector128.FusedMultiplyAdd(va, Vector128.LoadUnsafe(ref rx, i), Vector128.LoadUnsafe(ref ry, i)).StoreUnsafe(ref ry, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) += alpha * Unsafe.Add(ref rx, i);
        }
    }

    /// <summary>
    /// y += Σ_j weights_j · row(rows_j) of <paramref name="matrix"/> (rows of y's length, back to back), with the bits
    /// of calling <see cref="AddScaled"/> once per j in order; y stays in registers across the rows instead of
    /// going to memory and back for each (an account's grid over its instruments on a mark tick).
    /// </summary>
    public static void AddCombination(Span<double> y, ReadOnlySpan<double> weights, ReadOnlySpan<int> rows, ReadOnlySpan<double> matrix)
    {
        if (weights.Length != rows.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        int width = y.Length;
        if (width == 0)
        {
            return;
        }

        foreach (int row in rows)
        {
            if ((uint)row >= (uint)(matrix.Length / width))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(rows), "a row index is outside the matrix");
            }
        }

        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rm = ref MemoryMarshal.GetReference(matrix);
        nuint n = (nuint)width;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            // Four vectors at a time (a whole grid row): four independent FMA chains instead of one chain per vector.
            for (; i + (4 * (nuint)Vector512<double>.Count) <= n; i += 4 * (nuint)Vector512<double>.Count)
            {
                var acc0 = Vector512.LoadUnsafe(ref ry, i);
                var acc1 = Vector512.LoadUnsafe(ref ry, i + 8);
                var acc2 = Vector512.LoadUnsafe(ref ry, i + 16);
                var acc3 = Vector512.LoadUnsafe(ref ry, i + 24);
                for (int j = 0; j < rows.Length; j++)
                {
                    var weight = Vector512.Create(weights[j]);
                    ref double row = ref Unsafe.Add(ref rm, ((nuint)rows[j] * n) + i);
                    acc0 = Vector512.FusedMultiplyAdd(weight, Vector512.LoadUnsafe(ref row), acc0);
                    acc1 = Vector512.FusedMultiplyAdd(weight, Vector512.LoadUnsafe(ref row, 8), acc1);
                    acc2 = Vector512.FusedMultiplyAdd(weight, Vector512.LoadUnsafe(ref row, 16), acc2);
                    acc3 = Vector512.FusedMultiplyAdd(weight, Vector512.LoadUnsafe(ref row, 24), acc3);
                }

                acc0.StoreUnsafe(ref ry, i);
                acc1.StoreUnsafe(ref ry, i + 8);
                acc2.StoreUnsafe(ref ry, i + 16);
                acc3.StoreUnsafe(ref ry, i + 24);
            }

            for (; i + (nuint)Vector512<double>.Count <= n; i += (nuint)Vector512<double>.Count)
            {
                var acc = Vector512.LoadUnsafe(ref ry, i);
                for (int j = 0; j < rows.Length; j++)
                {
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(weights[j]), Vector512.LoadUnsafe(ref rm, ((nuint)rows[j] * n) + i), acc);
                }

                acc.StoreUnsafe(ref ry, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            for (; i + (nuint)Vector256<double>.Count <= n; i += (nuint)Vector256<double>.Count)
            {
                var acc = Vector256.LoadUnsafe(ref ry, i);
                for (int j = 0; j < rows.Length; j++)
                {
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(weights[j]), Vector256.LoadUnsafe(ref rm, ((nuint)rows[j] * n) + i), acc);
                }

                acc.StoreUnsafe(ref ry, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            for (; i + (nuint)Vector128<double>.Count <= n; i += (nuint)Vector128<double>.Count)
            {
                var acc = Vector128.LoadUnsafe(ref ry, i);
                for (int j = 0; j < rows.Length; j++)
                {
                    acc = Vector128.FusedMultiplyAdd(Vector128.Create(weights[j]), Vector128.LoadUnsafe(ref rm, ((nuint)rows[j] * n) + i), acc);
                }

                acc.StoreUnsafe(ref ry, i);
            }
        }

        for (; i < n; i++)
        {
            double sum = Unsafe.Add(ref ry, i);
            for (int j = 0; j < rows.Length; j++)
            {
                sum += weights[j] * Unsafe.Add(ref rm, ((nuint)rows[j] * n) + i);
            }

            Unsafe.Add(ref ry, i) = sum;
        }
    }

    /// <summary>Scalar reference of <see cref="AddScaled"/>.</summary>
    public static void AddScaledScalar(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>Σ x_i.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        ref double rx = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            var acc = Vector512<double>.Zero;
            for (; i + (nuint)Vector512<double>.Count <= n; i += (nuint)Vector512<double>.Count)
            {
                acc += Vector512.LoadUnsafe(ref rx, i);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i + (nuint)Vector256<double>.Count <= n; i += (nuint)Vector256<double>.Count)
            {
                acc += Vector256.LoadUnsafe(ref rx, i);
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            var acc = Vector128<double>.Zero;
            for (; i + (nuint)Vector128<double>.Count <= n; i += (nuint)Vector128<double>.Count)
            {
                acc += Vector128.LoadUnsafe(ref rx, i);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref rx, i);
        }

        return sum;
    }

    /// <summary>Scalar reference of <see cref="Sum"/>.</summary>
    public static double SumScalar(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>
    /// min_i (a_i + b_i + α·c_i): the worst scenario P&amp;L of two grid vectors plus an order's vector.
    /// +∞ for empty input.
    /// </summary>
    public static double MinOfSum(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double alpha, ReadOnlySpan<double> c)
    {
        if (a.Length != b.Length || a.Length != c.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        nuint n = (nuint)a.Length;
        nuint i = 0;
        double min = double.PositiveInfinity;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<double>.Count)
        {
            var va = Vector512.Create(alpha);
            var acc = Vector512.Create(double.PositiveInfinity);
            for (; i + (nuint)Vector512<double>.Count <= n; i += (nuint)Vector512<double>.Count)
            {
                var s = Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref rc, i), Vector512.LoadUnsafe(ref ra, i) + Vector512.LoadUnsafe(ref rb, i));
                acc = Vector512.Min(acc, s);
            }

            min = Math.Min(Vector256.Min(acc.GetLower(), acc.GetUpper()).ToScalarMin(), min);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<double>.Count)
        {
            var va = Vector256.Create(alpha);
            var acc = Vector256.Create(double.PositiveInfinity);
            for (; i + (nuint)Vector256<double>.Count <= n; i += (nuint)Vector256<double>.Count)
            {
                var s = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rc, i), Vector256.LoadUnsafe(ref ra, i) + Vector256.LoadUnsafe(ref rb, i));
                acc = Vector256.Min(acc, s);
            }

            min = Math.Min(acc.ToScalarMin(), min);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<double>.Count)
        {
            var va = Vector128.Create(alpha);
            var acc = Vector128.Create(double.PositiveInfinity);
            for (; i + (nuint)Vector128<double>.Count <= n; i += (nuint)Vector128<double>.Count)
            {
                var s = Vector128.FusedMultiplyAdd(va, Vector128.LoadUnsafe(ref rc, i), Vector128.LoadUnsafe(ref ra, i) + Vector128.LoadUnsafe(ref rb, i));
                acc = Vector128.Min(acc, s);
            }

            min = Math.Min(Math.Min(acc.GetElement(0), acc.GetElement(1)), min);
        }

        for (; i < n; i++)
        {
            min = Math.Min(min, Unsafe.Add(ref ra, i) + Unsafe.Add(ref rb, i) + (alpha * Unsafe.Add(ref rc, i)));
        }

        return min;
    }

    /// <summary>Scalar reference of <see cref="MinOfSum"/>.</summary>
    public static double MinOfSumScalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double alpha, ReadOnlySpan<double> c)
    {
        double min = double.PositiveInfinity;
        for (int i = 0; i < a.Length; i++)
        {
            min = Math.Min(min, a[i] + b[i] + (alpha * c[i]));
        }

        return min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToScalarMin(this Vector256<double> v)
    {
        var m = Vector128.Min(v.GetLower(), v.GetUpper());
        return Math.Min(m.GetElement(0), m.GetElement(1));
    }
}
