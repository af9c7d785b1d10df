namespace HybridMargin.Engine;

/// <summary>Order side. Values match FIX tag 54.</summary>
public enum Side : byte
{
    /// <summary>Buy.</summary>
    Buy = 1,

    /// <summary>Sell.</summary>
    Sell = 2,
}
