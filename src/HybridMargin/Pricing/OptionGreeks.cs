namespace HybridMargin.Pricing;

/// <summary>Value and per-unit sensitivities of one instrument with respect to the spot S (SPEC §4.1).</summary>
/// <param name="Value">Mark value per unit.</param>
/// <param name="Delta">∂V/∂S.</param>
/// <param name="Gamma">∂²V/∂S².</param>
/// <param name="Vega">∂V/∂σ per 1.00 of vol.</param>
/// <param name="Theta">∂V/∂t per calendar day (the value lost as one day passes).</param>
public readonly record struct OptionGreeks(double Value, double Delta, double Gamma, double Vega, double Theta);
