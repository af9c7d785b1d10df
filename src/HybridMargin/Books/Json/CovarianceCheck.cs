using HybridMargin.Risk;

namespace HybridMargin.Books.Json;

/// <summary>
/// Each correlation can be valid on its own while the set is not (ρ_AB = ρ_AC = 0.99, ρ_BC = −0.99): such a Σ
/// has no Cholesky factor and gives negative variances, so the whole book is refused at load.
/// </summary>
internal static class CovarianceCheck
{
    private const string Path = "correlations";

    public static void EnsurePositiveSemiDefinite(IReadOnlyList<Asset> assets, double[] correlations, double horizonDays)
    {
        var covariance = FactorCovariance.Build(assets, correlations, horizonDays);
        if (!covariance.IsPositiveSemiDefinite(out int failedFactor))
        {
            throw new BookException(Path, $"the correlations do not form a positive semi-definite covariance; it fails at {FactorName(assets, failedFactor)}. Check the correlations of that asset against the others (and its spotVolCorrelation)");
        }
    }

    private static string FactorName(IReadOnlyList<Asset> assets, int factor) =>
        factor < assets.Count
            ? $"the price factor of {assets[factor].Symbol}"
            : $"the vol factor (implied-vol change) of {assets[factor - assets.Count].Symbol}";
}
