using System.Collections.Concurrent;
using HybridMargin.Fix.Venue;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

/// <summary>A venue the test drives: it keeps the orders routed to it, and fills or expires them when told.</summary>
internal sealed class ManualVenue : IOrderSink
{
    private readonly BlockingCollection<RoutedOrder> _accepted = [];

    public void OnAccepted(in RoutedOrder order) => _accepted.Add(order);

    public void OnReplaced(in RoutedOrder order)
    {
    }

    public void OnCancelled(long orderId)
    {
    }

    /// <summary>The next order routed here.</summary>
    public RoutedOrder NextAccepted()
    {
        Assert.True(_accepted.TryTake(out var order, Patience), "no order reached the venue");
        return order;
    }
}
