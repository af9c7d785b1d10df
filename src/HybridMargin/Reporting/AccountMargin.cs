namespace HybridMargin.Reporting;

/// <summary>One account's line of the margin report (SPEC §9 <c>hm margin</c>).</summary>
/// <param name="Account">Account id.</param>
/// <param name="Equity">Haircut-adjusted equity.</param>
/// <param name="VarParametric">Delta-gamma-vega VaR.</param>
/// <param name="EsParametric">Delta-gamma-vega ES.</param>
/// <param name="GridLoss">Scenario-grid loss.</param>
/// <param name="MaintenanceMargin">MM.</param>
/// <param name="InitialMargin">Portfolio (hybrid) IM.</param>
/// <param name="StandaloneInitialMargin">Σ of every leg's own IM (isolated / cross margin).</param>
/// <param name="InLiquidation">Equity fell below MM and has not recovered to IM.</param>
public sealed record AccountMargin(
    string Account,
    double Equity,
    double VarParametric,
    double EsParametric,
    double GridLoss,
    double MaintenanceMargin,
    double InitialMargin,
    double StandaloneInitialMargin,
    bool InLiquidation)
{
    /// <summary>1 − portfolio IM / standalone IM; 0 when there is nothing to margin.</summary>
    public double Efficiency => StandaloneInitialMargin > 0 ? 1 - (InitialMargin / StandaloneInitialMargin) : 0;

    /// <summary>Equity − IM.</summary>
    public double Excess => Equity - InitialMargin;
}
