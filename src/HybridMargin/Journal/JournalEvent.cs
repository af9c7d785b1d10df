using HybridMargin.Engine;
using HybridMargin.Recalculation;

namespace HybridMargin.Journal;

/// <summary>
/// One inbound event as the journal records it: the fields of a <see cref="Gate.GateEvent"/> request that the
/// kind uses, and nothing else. Build one with the factory of its kind; unused fields stay at their defaults.
/// </summary>
public readonly record struct JournalEvent
{
    /// <summary>What the event is.</summary>
    public JournalEventKind Kind { get; init; }

    /// <summary>Order: the order. Replace: the replacement.</summary>
    public Order Order { get; init; }

    /// <summary>Replace: the client order id replaced. Cancel, Fill: the order's client id.</summary>
    public long ClientOrderId { get; init; }

    /// <summary>Cancel, Fill, Balance, KillSwitch: the account index.</summary>
    public int Account { get; init; }

    /// <summary>Mark, Balance: the asset index. ImpliedVol: the instrument index.</summary>
    public int Target { get; init; }

    /// <summary>Fill: quantity. Balance: the change. Mark: the price. ImpliedVol: the vol.</summary>
    public double Amount { get; init; }

    /// <summary>Fill: the price.</summary>
    public double Price { get; init; }

    /// <summary>KillSwitch: disabled (true) or enabled.</summary>
    public bool Flag { get; init; }

    /// <summary>Mark, ImpliedVol: the tick's time in Unix nanoseconds.</summary>
    public long EventTimeNanos { get; init; }

    /// <summary>AdoptSnapshot: the adopted recalculation (its id, tagged sequence, time, add-ons, vols and haircuts).</summary>
    public RiskSnapshot? Snapshot { get; init; }

    /// <summary>An order to evaluate.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForOrder(Order order) => new() { Kind = JournalEventKind.Order, Order = order };

    /// <summary>A cancel.</summary>
    /// <param name="account">Account index.</param>
    /// <param name="clientOrderId">The open order's client id.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForCancel(int account, long clientOrderId) =>
        new() { Kind = JournalEventKind.Cancel, Account = account, ClientOrderId = clientOrderId };

    /// <summary>A replace.</summary>
    /// <param name="originalClientOrderId">The client id of the order replaced.</param>
    /// <param name="replacement">The replacement order.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForReplace(long originalClientOrderId, Order replacement) =>
        new() { Kind = JournalEventKind.Replace, ClientOrderId = originalClientOrderId, Order = replacement };

    /// <summary>A (partial) fill.</summary>
    /// <param name="account">Account index.</param>
    /// <param name="clientOrderId">The order's client id.</param>
    /// <param name="quantity">Filled quantity.</param>
    /// <param name="price">Fill price.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForFill(int account, long clientOrderId, double quantity, double price) =>
        new() { Kind = JournalEventKind.Fill, Account = account, ClientOrderId = clientOrderId, Amount = quantity, Price = price };

    /// <summary>A mark tick.</summary>
    /// <param name="asset">Asset index.</param>
    /// <param name="price">The mark.</param>
    /// <param name="eventTimeNanos">The tick's time in Unix nanoseconds.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForMark(int asset, double price, long eventTimeNanos) =>
        new() { Kind = JournalEventKind.Mark, Target = asset, Amount = price, EventTimeNanos = eventTimeNanos };

    /// <summary>An implied-vol tick.</summary>
    /// <param name="instrument">Instrument index.</param>
    /// <param name="vol">The implied vol.</param>
    /// <param name="eventTimeNanos">The tick's time in Unix nanoseconds.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForImpliedVol(int instrument, double vol, long eventTimeNanos) =>
        new() { Kind = JournalEventKind.ImpliedVol, Target = instrument, Amount = vol, EventTimeNanos = eventTimeNanos };

    /// <summary>A balance change.</summary>
    /// <param name="account">Account index.</param>
    /// <param name="asset">Asset index.</param>
    /// <param name="change">Deposit (positive) or withdrawal (negative).</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForBalance(int account, int asset, double change) =>
        new() { Kind = JournalEventKind.Balance, Account = account, Target = asset, Amount = change };

    /// <summary>A kill switch change.</summary>
    /// <param name="account">Account index.</param>
    /// <param name="disabled">Whether the account is disabled.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForKillSwitch(int account, bool disabled) =>
        new() { Kind = JournalEventKind.KillSwitch, Account = account, Flag = disabled };

    /// <summary>The adoption of a background recalculation.</summary>
    /// <param name="snapshot">The snapshot adopted.</param>
    /// <returns>The event.</returns>
    public static JournalEvent ForAdoptSnapshot(RiskSnapshot snapshot) =>
        new() { Kind = JournalEventKind.AdoptSnapshot, Snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot)) };

    /// <summary>Whether the journal records events of <paramref name="kind"/> (the state-changing ones; not probes or recalculation requests).</summary>
    internal static bool Records(Gate.GateEventKind kind) =>
        kind is >= Gate.GateEventKind.Order and <= Gate.GateEventKind.KillSwitch or Gate.GateEventKind.AdoptSnapshot;

    /// <summary>The journal's view of a ring slot (a kind <see cref="Records"/> accepts).</summary>
    internal static JournalEvent From(in Gate.GateEvent e) => new()
    {
        Kind = (JournalEventKind)e.Kind,
        Order = e.Order,
        ClientOrderId = e.ClientOrderId,
        Account = e.Account,
        Target = e.Target,
        Amount = e.Amount,
        Price = e.Price,
        Flag = e.Flag,
        EventTimeNanos = e.EventTimeNanos,
        Snapshot = e.Payload as RiskSnapshot,
    };

    /// <summary>The ring slot this event came from (for replay through the risk stage's code).</summary>
    internal Gate.GateEvent ToGateEvent() => new()
    {
        Kind = (Gate.GateEventKind)Kind,
        Order = Order,
        ClientOrderId = ClientOrderId,
        Account = Account,
        Target = Target,
        Amount = Amount,
        Price = Price,
        Flag = Flag,
        EventTimeNanos = EventTimeNanos,
        Payload = Snapshot,
    };
}
