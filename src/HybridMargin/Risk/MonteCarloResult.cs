namespace HybridMargin.Risk;

/// <summary>Monte Carlo full-revaluation figures of one account (SPEC §4.6).</summary>
/// <param name="Var">Empirical VaR at the book's α.</param>
/// <param name="ExpectedShortfall">Empirical ES at the book's β.</param>
public readonly record struct MonteCarloResult(double Var, double ExpectedShortfall)
{
    /// <summary>modelAddOn = max(0, ES_MC − max(VaR_param, GridLoss)).</summary>
    public double ModelAddOn(double parametricVar, double gridLoss) => Math.Max(0, ExpectedShortfall - Math.Max(parametricVar, gridLoss));
}
