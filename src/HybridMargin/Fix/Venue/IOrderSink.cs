namespace HybridMargin.Fix.Venue;

/// <summary>
/// Where accepted orders go (a venue). Its methods are called on the gate's reply thread: they must hand the work
/// to their own thread and return at once, and must never publish into the gate from that call.
/// </summary>
public interface IOrderSink
{
    /// <summary>An order was accepted by the gate.</summary>
    void OnAccepted(in RoutedOrder order);

    /// <summary>An accepted order was replaced (new quantity and price); <paramref name="order"/> carries the new terms.</summary>
    void OnReplaced(in RoutedOrder order);

    /// <summary>An order was cancelled by its client.</summary>
    void OnCancelled(long orderId);
}
