using HybridMargin.Books;
using HybridMargin.Pricing;

namespace HybridMargin.Risk;

/// <summary>The delta-gamma-vega VaR and ES of SPEC §4.3 from the P&amp;L mean and variance.</summary>
public sealed class ParametricVar
{
    /// <summary>Precomputes the quantiles of the book's confidences.</summary>
    public ParametricVar(RiskParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        VarQuantile = NormalDistribution.Quantile(parameters.VarConfidence);
        double zBeta = NormalDistribution.Quantile(parameters.EsConfidence);
        EsFactor = NormalDistribution.Density(zBeta) / (1 - parameters.EsConfidence);
    }

    /// <summary>z_α.</summary>
    public double VarQuantile { get; }

    /// <summary>n(z_β) / (1 − β).</summary>
    public double EsFactor { get; }

    /// <summary>VaR = max(0, −μ + z_α·s). A variance that rounding left slightly negative counts as 0.</summary>
    public double Var(double mean, double variance) => Math.Max(0, -mean + (VarQuantile * Math.Sqrt(Math.Max(variance, 0))));

    /// <summary>ES = max(0, −μ + s·n(z_β)/(1 − β)).</summary>
    public double ExpectedShortfall(double mean, double variance) => Math.Max(0, -mean + (EsFactor * Math.Sqrt(Math.Max(variance, 0))));
}
