using HybridMargin.Numerics;

namespace HybridMargin.Risk;

/// <summary>
/// N joint draws of the 2n risk factors of SPEC §4.3 from N(0, Σ) (SPEC §4.6): per asset, the simple price return
/// and the absolute implied-vol change of every scenario, stored factor by factor so repricing runs down
/// contiguous memory.
/// </summary>
public sealed class ScenarioSet
{
    private readonly double[][] _returns;
    private readonly double[][] _volChanges;

    // Scratch of a draw, kept so that redrawing allocates nothing.
    private readonly double[] _lower;
    private readonly double[] _z;

    private ScenarioSet(int count, double[][] returns, double[][] volChanges, double[] lower, double[] z)
    {
        Count = count;
        _returns = returns;
        _volChanges = volChanges;
        _lower = lower;
        _z = z;
    }

    /// <summary>Number of scenarios N.</summary>
    public int Count { get; }

    /// <summary>r of asset <paramref name="asset"/> in every scenario.</summary>
    public ReadOnlySpan<double> Returns(int asset) => _returns[asset];

    /// <summary>v (vol change) of asset <paramref name="asset"/> in every scenario.</summary>
    public ReadOnlySpan<double> VolChanges(int asset) => _volChanges[asset];

    /// <summary>
    /// Draws <paramref name="count"/> scenarios: z ~ N(0, I) from the seeded generator, x = L·z with L the
    /// (semidefinite) Cholesky factor of Σ. The same covariance, count and seed give bit-identical scenarios.
    /// </summary>
    public static ScenarioSet Generate(FactorCovariance covariance, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int n = covariance.AssetCount;
        var returns = new double[n][];
        var volChanges = new double[n][];
        for (int a = 0; a < n; a++)
        {
            returns[a] = new double[count];
            volChanges[a] = new double[count];
        }

        var set = new ScenarioSet(count, returns, volChanges, new double[covariance.FactorCount * covariance.FactorCount], new double[covariance.FactorCount]);
        set.Redraw(covariance, seed);
        return set;
    }

    /// <summary>
    /// Draws the same number of scenarios again, in place, from a new covariance of the same size (the automated vols
    /// of SPEC §4.7 move Σ at every recalculation): bit-identical to <see cref="Generate"/> with that covariance and seed.
    /// </summary>
    public void Redraw(FactorCovariance covariance, long seed)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        int d = covariance.FactorCount;
        int n = covariance.AssetCount;
        if (n != _returns.Length)
        {
            throw new ArgumentException($"a covariance of {n} assets for scenarios of {_returns.Length}", nameof(covariance));
        }

        var lower = _lower;
        Array.Clear(lower);
        if (!SemidefiniteCholesky.TryFactor(covariance.Sigma, d, lower, out int failed))
        {
            throw new InvalidOperationException($"the factor covariance is not positive semi-definite (factor {failed})");
        }

        var random = new ScenarioRandom(seed);
        var z = _z;
        int count = Count;
        var returns = _returns;
        var volChanges = _volChanges;
        for (int s = 0; s < count; s++)
        {
            for (int k = 0; k < d; k++)
            {
                z[k] = random.NextNormal();
            }

            for (int i = 0; i < d; i++)
            {
                // L is lower-triangular: factor i mixes z_0 … z_i.
                double x = DenseVector.Dot(lower.AsSpan(i * d, i + 1), z.AsSpan(0, i + 1));
                if (i < n)
                {
                    returns[i][s] = x;
                }
                else
                {
                    volChanges[i - n][s] = x;
                }
            }
        }
    }
}
