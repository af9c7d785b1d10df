namespace HybridMargin.Engine;

/// <summary>
/// A sliding one-second window over the timestamps of an account's accepted orders: a ring of the last
/// <c>maxOrdersPerSecond</c> acceptance times, so the check is one comparison and needs no allocation.
/// </summary>
internal sealed class OrderThrottle
{
    private const long OneSecondNanos = 1_000_000_000;
    private readonly long[] _times;
    private int _next;
    private int _count;

    public OrderThrottle(int maxPerSecond)
    {
        _times = new long[maxPerSecond];
    }

    public int MaxPerSecond => _times.Length;

    public void VisitState(IStateVisitor visitor)
    {
        visitor.Values("throttle.times", _times);
        visitor.Value("throttle.next", ref _next);
        visitor.Value("throttle.count", ref _count);
    }

    /// <summary>True when accepting one more order at <paramref name="nowNanos"/> would put more than the limit in one second.</summary>
    public bool WouldExceed(long nowNanos) =>
        // The oldest of the last N acceptances is inside the window only if all N are.
        _count == _times.Length && nowNanos - _times[_next] < OneSecondNanos;

    public void Record(long nowNanos)
    {
        _times[_next] = nowNanos;
        _next = (_next + 1) % _times.Length;
        if (_count < _times.Length)
        {
            _count++;
        }
    }
}
