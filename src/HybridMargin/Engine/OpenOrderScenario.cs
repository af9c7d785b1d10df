namespace HybridMargin.Engine;

/// <summary>Which open orders count as filled when an account's figures are computed.</summary>
public enum OpenOrderScenario
{
    /// <summary>Balances and positions only.</summary>
    PositionsOnly = 0,

    /// <summary>Every open buy filled at its reservation price.</summary>
    AllBuysFilled = 1,

    /// <summary>Every open sell filled at its reservation price.</summary>
    AllSellsFilled = 2,
}
