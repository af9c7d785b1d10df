namespace HybridMargin.Engine;

/// <summary>An account entering or leaving liquidation (SPEC §7), with the figures that decided it.</summary>
/// <param name="Account">Account index.</param>
/// <param name="AccountId">Account id.</param>
/// <param name="Entered">True on entry (equity &lt; MM), false on exit (equity ≥ IM).</param>
/// <param name="Equity">Equity at the transition.</param>
/// <param name="MaintenanceMargin">MM at the transition.</param>
/// <param name="InitialMargin">IM at the transition.</param>
public readonly record struct LiquidationEvent(int Account, string AccountId, bool Entered, double Equity, double MaintenanceMargin, double InitialMargin);
