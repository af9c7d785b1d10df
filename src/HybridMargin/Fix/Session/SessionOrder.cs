using HybridMargin.Engine;

namespace HybridMargin.Fix.Session;

/// <summary>A session's view of one live order: what the execution reports need and what a pending cancel or replace asked for.</summary>
internal struct SessionOrder
{
    /// <summary>The gate's client order id, also sent as OrderID (37); unique per session and across restarts, kept across replaces.</summary>
    public long Id;
    public CancelReason CancelReason;
    public OrderState State;
    public int Account;
    public int Instrument;
    public Side Side;
    public OrderType Type;
    public byte TimeInForce;
    public double OrderQty;
    public double Price;
    public double CumQty;
    public double AvgPx;

    // A pending cancel or replace: the request's ClOrdID lives in the pending key area.
    public double PendingQty;
    public double PendingPrice;
    public OrderType PendingType;

    public readonly double LeavesQty => Math.Max(OrderQty - CumQty, 0);
}
