using System.Collections.Concurrent;
using HybridMargin.Fix.Venue;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>A venue that only records what the acceptor passed on (accepted, replaced, cancelled) and never fills.</summary>
internal sealed class RecordingSink : IOrderSink
{
    private readonly ConcurrentQueue<RoutedOrder> _accepted = new();
    private readonly ConcurrentQueue<RoutedOrder> _replaced = new();
    private readonly ConcurrentQueue<long> _cancelled = new();

    public IReadOnlyCollection<RoutedOrder> Accepted => _accepted;

    public IReadOnlyCollection<RoutedOrder> Replaced => _replaced;

    public IReadOnlyCollection<long> Cancelled => _cancelled;

    public void OnAccepted(in RoutedOrder order) => _accepted.Enqueue(order);

    public void OnReplaced(in RoutedOrder order) => _replaced.Enqueue(order);

    public void OnCancelled(long orderId) => _cancelled.Enqueue(orderId);
}
