namespace HybridMargin.Numerics;

/// <summary>
/// Cholesky factorisation that accepts positive <em>semi</em>-definite matrices: a zero-variance factor
/// (a stablecoin's vol-of-vol of 0) gives a zero pivot, which plain Cholesky rejects.
/// </summary>
public static class SemidefiniteCholesky
{
    /// <summary>
    /// Factorises the symmetric row-major <paramref name="matrix"/> (dimension d) as L·Lᵀ.
    /// Returns false when it is not positive semi-definite within a tolerance relative to its largest diagonal entry;
    /// <paramref name="failedPivot"/> then names the first factor where that showed.
    /// </summary>
    public static bool TryFactor(ReadOnlySpan<double> matrix, int dimension, Span<double> lower, out int failedPivot)
    {
        if (matrix.Length != dimension * dimension || lower.Length != dimension * dimension)
        {
            throw new ArgumentException("matrix and lower must be dimension×dimension");
        }

        double scale = 0;
        for (int i = 0; i < dimension; i++)
        {
            scale = Math.Max(scale, Math.Abs(matrix[(i * dimension) + i]));
        }

        // Rounding in the products below is relative to the largest variance, not to each pivot.
        double tolerance = Math.Max(scale, double.Epsilon) * 1e-12 * dimension;
        lower.Clear();
        for (int k = 0; k < dimension; k++)
        {
            double pivot = matrix[(k * dimension) + k];
            for (int j = 0; j < k; j++)
            {
                double l = lower[(k * dimension) + j];
                pivot -= l * l;
            }

            if (pivot < -tolerance || double.IsNaN(pivot))
            {
                failedPivot = k;
                return false;
            }

            bool zeroPivot = pivot <= tolerance;
            double diagonal = zeroPivot ? 0 : Math.Sqrt(pivot);
            lower[(k * dimension) + k] = diagonal;
            for (int i = k + 1; i < dimension; i++)
            {
                double s = matrix[(i * dimension) + k];
                for (int j = 0; j < k; j++)
                {
                    s -= lower[(i * dimension) + j] * lower[(k * dimension) + j];
                }

                if (zeroPivot)
                {
                    // A factor with no variance of its own left cannot covary with anything.
                    if (Math.Abs(s) > Math.Sqrt(tolerance * Math.Max(scale, double.Epsilon)))
                    {
                        failedPivot = k;
                        return false;
                    }

                    lower[(i * dimension) + k] = 0;
                }
                else
                {
                    lower[(i * dimension) + k] = s / diagonal;
                }
            }
        }

        failedPivot = -1;
        return true;
    }
}
