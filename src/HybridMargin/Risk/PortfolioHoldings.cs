namespace HybridMargin.Risk;

/// <summary>An account's holdings as plain data: what a full revaluation needs, detached from the engine's live state.</summary>
/// <param name="Balances">Balance per asset index.</param>
/// <param name="Derivatives">Non-zero derivative positions: instrument index and signed quantity.</param>
public sealed record PortfolioHoldings(double[] Balances, IReadOnlyList<(int Instrument, double Quantity)> Derivatives);
