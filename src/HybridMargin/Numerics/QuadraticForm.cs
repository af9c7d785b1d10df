using System.Runtime.InteropServices;

namespace HybridMargin.Numerics;

/// <summary>xᵀMx and M·x for a dense symmetric row-major matrix (the variance of SPEC §4.3).</summary>
public static class QuadraticForm
{
    /// <summary>xᵀMx with the SIMD dot product per row.</summary>
    public static double Evaluate(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (matrix.Length != n * n)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double xi = x[i];
            if (xi != 0)
            {
                sum += xi * DenseVector.Dot(matrix.Slice(i * n, n), x);
            }
        }

        return sum;
    }

    /// <summary>Scalar reference of <see cref="Evaluate"/>: the textbook double loop.</summary>
    public static double EvaluateScalar(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                sum += x[i] * matrix[(i * n) + j] * x[j];
            }
        }

        return sum;
    }

    /// <summary>y = M·x (rows of M as SIMD dot products).</summary>
    public static void Multiply(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        if (matrix.Length != n * n || y.Length != n)
        {
            ThrowHelper.ThrowLengthMismatch();
        }

        for (int i = 0; i < n; i++)
        {
            y[i] = DenseVector.Dot(matrix.Slice(i * n, n), x);
        }
    }

    /// <summary>Row <paramref name="row"/> of a square row-major matrix of dimension n (= its column, M being symmetric).</summary>
    public static ReadOnlySpan<double> Row(ReadOnlySpan<double> matrix, int n, int row) =>
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(matrix.Slice(row * n, n)), n);
}
