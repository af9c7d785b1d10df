using HybridMargin.Engine;

namespace HybridMargin.Gate;

/// <summary>
/// One slot of the inbound ring, reused for every event kind. Producers fill the request part, the risk stage
/// writes <see cref="Reply"/>, the responder stage delivers it. Reference fields point at pooled or long-lived
/// objects, so filling a slot allocates nothing.
/// </summary>
public struct GateEvent
{
    /// <summary>What to do.</summary>
    public GateEventKind Kind;

    /// <summary>The order (Order, Replace: the replacement).</summary>
    public Order Order;

    /// <summary>Replace: the client order id replaced. Cancel/Fill: the order's id.</summary>
    public long ClientOrderId;

    /// <summary>Cancel, Fill, Balance, KillSwitch: the account.</summary>
    public int Account;

    /// <summary>Mark, Balance: the asset. ImpliedVol: the instrument.</summary>
    public int Target;

    /// <summary>Fill: quantity. Balance: the change. Mark: the price. ImpliedVol: the vol.</summary>
    public double Amount;

    /// <summary>Fill: the price.</summary>
    public double Price;

    /// <summary>KillSwitch: disabled or not.</summary>
    public bool Flag;

    /// <summary>Mark: the tick's time in Unix nanoseconds (the EWMA's clock).</summary>
    public long EventTimeNanos;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp at submission.</summary>
    public long SubmittedTimestamp;

    /// <summary>
    /// Where the reply goes: an <see cref="IReplySink"/>, a pooled <see cref="DecisionSource"/>, <see cref="ReplyInSlot"/>
    /// (the submitter reads it back from the slot), or null.
    /// </summary>
    internal object? ReplyTo;

    /// <summary>AdoptSnapshot: the snapshot.</summary>
    internal object? Payload;

    /// <summary>The risk stage's answer.</summary>
    public Decision Reply;

    /// <summary>
    /// For <see cref="ReplyInSlot"/>: 1 + the sequence whose <see cref="Reply"/> the slot holds, release-stored once the
    /// reply is there (0, a fresh slot's value, matches no sequence). The submitter polls it with an acquire.
    /// </summary>
    internal long Decided;

    /// <summary>Probe: bytes the risk and responder threads had allocated when they saw it.</summary>
    public long RiskThreadAllocated;

    /// <summary>Probe: bytes the responder thread had allocated.</summary>
    public long ResponderThreadAllocated;

    /// <summary>The <see cref="ReplyTo"/> of a submitter that holds its slot and reads the reply back from it (see <see cref="Ring.SlotHolds"/>).</summary>
    internal static readonly object ReplyInSlot = new();
}
