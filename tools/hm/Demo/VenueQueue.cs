namespace HybridMargin.Cli.Demo;

/// <summary>
/// Accepted orders handed from the responder thread (single producer) to the simulated venue (single consumer):
/// a bounded ring of preallocated entries, so the pipeline side never allocates or blocks. When the venue lags
/// and the ring is full, the order simply stays open until the demo ends.
/// </summary>
internal sealed class VenueQueue(int capacity)
{
    private readonly (int Account, long Id)[] _entries = new (int, long)[capacity];

    // Producer-owned tail, consumer-owned head; each published with release and read with acquire.
    private long _head;
    private long _tail;

    public bool TryEnqueue(int account, long id)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _entries.Length)
        {
            return false;
        }

        _entries[tail % _entries.Length] = (account, id);
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    public bool TryDequeue(out (int Account, long Id) entry)
    {
        long head = _head;
        if (head >= Volatile.Read(ref _tail))
        {
            entry = default;
            return false;
        }

        entry = _entries[head % _entries.Length];
        Volatile.Write(ref _head, head + 1);
        return true;
    }
}
