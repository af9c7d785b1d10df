namespace HybridMargin.Engine;

/// <summary>An account's margin figures for one state (SPEC §4.2–§4.5).</summary>
/// <param name="Equity">Haircut-adjusted equity.</param>
/// <param name="VarParametric">Delta-gamma-vega VaR.</param>
/// <param name="EsParametric">Delta-gamma-vega expected shortfall.</param>
/// <param name="GridLoss">Scenario-grid loss summed over underlyings.</param>
/// <param name="ModelAddOn">Add-on set by the background Monte Carlo (0 until it runs).</param>
/// <param name="MaintenanceMargin">max(VaR, GridLoss) + add-on.</param>
/// <param name="InitialMargin">MM × imMultiplier.</param>
public readonly record struct MarginFigures(
    double Equity,
    double VarParametric,
    double EsParametric,
    double GridLoss,
    double ModelAddOn,
    double MaintenanceMargin,
    double InitialMargin)
{
    /// <summary>Equity − IM.</summary>
    public double Excess => Equity - InitialMargin;

    /// <summary>True when every figure is a finite number.</summary>
    public bool IsFinite =>
        double.IsFinite(Equity) && double.IsFinite(VarParametric) && double.IsFinite(EsParametric)
        && double.IsFinite(GridLoss) && double.IsFinite(MaintenanceMargin) && double.IsFinite(InitialMargin);
}
