using HybridMargin.Numerics;

namespace HybridMargin.Tests.Numerics;

public class SemidefiniteCholeskyTests
{
    [Fact]
    public void Factors_a_singular_covariance_with_a_zero_variance_factor()
    {
        // Second factor has zero variance (a stablecoin's vol-of-vol of 0).
        double[] m = [4, 0, 2, 0, 0, 0, 2, 0, 5];
        var l = new double[9];

        Assert.True(SemidefiniteCholesky.TryFactor(m, 3, l, out _));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double s = 0;
                for (int k = 0; k < 3; k++)
                {
                    s += l[(i * 3) + k] * l[(j * 3) + k];
                }

                Assert.Equal(m[(i * 3) + j], s, 12);
            }
        }
    }

    [Fact]
    public void Rejects_an_indefinite_correlation_matrix()
    {
        // ρ12 = ρ13 = 0.99 forces ρ23 near 1; −0.99 is impossible.
        double[] m = [1, 0.99, 0.99, 0.99, 1, -0.99, 0.99, -0.99, 1];

        Assert.False(SemidefiniteCholesky.TryFactor(m, 3, new double[9], out int pivot));
        Assert.Equal(2, pivot);
    }

    [Fact]
    public void Rejects_covariance_with_a_zero_variance_factor_that_covaries()
    {
        double[] m = [1, 0.5, 0.5, 0];

        Assert.False(SemidefiniteCholesky.TryFactor(m, 2, new double[4], out _));
    }
}
