namespace HybridMargin.Engine;

/// <summary>Order type. Values match FIX tag 40.</summary>
public enum OrderType : byte
{
    /// <summary>Market: margined and banded at the mark.</summary>
    Market = 1,

    /// <summary>Limit: margined at the limit price.</summary>
    Limit = 2,
}
