using HybridMargin.Fix.Venue;

namespace HybridMargin.Tests.Fix.Interop;

/// <summary>
/// A venue that fills half of every accepted limit order of the given accounts at its limit price, once, on the
/// thread pool (never on the gate's reply thread that calls <see cref="OnAccepted"/>); other orders stay open.
/// </summary>
internal sealed class HalfFillingVenue(IReadOnlySet<int> accounts) : IOrderSink
{
    public void OnAccepted(in RoutedOrder order)
    {
        if (!accounts.Contains(order.Account) || !double.IsFinite(order.LimitPrice))
        {
            return;
        }

        var routed = order;
        ThreadPool.QueueUserWorkItem(_ => routed.Client.OnFill(routed.OrderId, routed.Quantity / 2, routed.LimitPrice));
    }

    public void OnReplaced(in RoutedOrder order)
    {
    }

    public void OnCancelled(long orderId)
    {
    }
}
