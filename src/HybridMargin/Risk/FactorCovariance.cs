using HybridMargin.Books;
using HybridMargin.Numerics;

namespace HybridMargin.Risk;

/// <summary>
/// The joint covariance of the 2n risk factors of SPEC §4.3 over the horizon: factor i &lt; n is the simple
/// price return of asset i, factor n + i its absolute implied-vol change. Also holds Γ = Σ_rr ∘ Σ_rr, the
/// matrix of the gamma term of the delta-gamma variance.
/// </summary>
public sealed class FactorCovariance
{
    private FactorCovariance(int assetCount, double[] sigma, double[] gamma)
    {
        AssetCount = assetCount;
        Sigma = sigma;
        Gamma = gamma;
    }

    /// <summary>n, the number of assets.</summary>
    public int AssetCount { get; }

    /// <summary>2n, the number of factors.</summary>
    public int FactorCount => 2 * AssetCount;

    /// <summary>Σ, row-major 2n×2n.</summary>
    public double[] Sigma { get; }

    /// <summary>Γ_ij = cov(r_i, r_j)², row-major n×n.</summary>
    public double[] Gamma { get; }

    /// <summary>cov(factor i, factor j).</summary>
    public double this[int i, int j] => Sigma[(i * FactorCount) + j];

    /// <summary>Builds Σ from the assets' vols, vol-of-vols, spot–vol correlations and the price correlations.</summary>
    /// <param name="assets">Assets with their current vols.</param>
    /// <param name="correlations">Row-major n×n price-return correlations.</param>
    /// <param name="horizonDays">h.</param>
    public static FactorCovariance Build(IReadOnlyList<Asset> assets, ReadOnlySpan<double> correlations, double horizonDays)
    {
        ArgumentNullException.ThrowIfNull(assets);
        int n = assets.Count;
        var vols = new double[n];
        for (int i = 0; i < n; i++)
        {
            vols[i] = assets[i].Vol;
        }

        return Build(assets, vols, correlations, horizonDays);
    }

    /// <summary>Builds Σ with price vols given separately (the automated parameters of SPEC §4.7 move them).</summary>
    public static FactorCovariance Build(IReadOnlyList<Asset> assets, ReadOnlySpan<double> vols, ReadOnlySpan<double> correlations, double horizonDays)
    {
        ArgumentNullException.ThrowIfNull(assets);
        int n = assets.Count;
        var covariance = new FactorCovariance(n, new double[4 * n * n], new double[n * n]);
        covariance.Rebuild(assets, vols, correlations, horizonDays);
        return covariance;
    }

    /// <summary>
    /// Rebuilds Σ and Γ in place for new price vols (the same assets, correlations and horizon): what a snapshot with
    /// automated parameters does on the risk thread, where nothing may be allocated.
    /// </summary>
    public void Rebuild(IReadOnlyList<Asset> assets, ReadOnlySpan<double> vols, ReadOnlySpan<double> correlations, double horizonDays)
    {
        ArgumentNullException.ThrowIfNull(assets);
        int n = AssetCount;
        if (assets.Count != n || vols.Length != n || correlations.Length != n * n)
        {
            throw new ArgumentException($"{assets.Count} assets, {vols.Length} vols and {correlations.Length} correlations for a covariance of {n} assets");
        }

        int d = 2 * n;
        double tau = horizonDays / 365.0;
        double sqrtTau = Math.Sqrt(tau);
        double sqrtH = Math.Sqrt(horizonDays);
        var sigma = Sigma;
        Array.Clear(sigma);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                sigma[(i * d) + j] = correlations[(i * n) + j] * vols[i] * vols[j] * tau;
            }

            double volOfVol = assets[i].VolOfVol;
            sigma[((n + i) * d) + n + i] = volOfVol * volOfVol * horizonDays;
            double cross = assets[i].SpotVolCorrelation * vols[i] * sqrtTau * volOfVol * sqrtH;
            sigma[(i * d) + n + i] = cross;
            sigma[((n + i) * d) + i] = cross;
        }

        var gamma = Gamma;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double c = sigma[(i * d) + j];
                gamma[(i * n) + j] = c * c;
            }
        }
    }

    /// <summary>True when Σ is positive semi-definite; otherwise <paramref name="failedFactor"/> names the factor where it shows.</summary>
    public bool IsPositiveSemiDefinite(out int failedFactor)
    {
        var lower = new double[Sigma.Length];
        return SemidefiniteCholesky.TryFactor(Sigma, FactorCount, lower, out failedFactor);
    }
}
