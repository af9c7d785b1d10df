using System.Runtime.CompilerServices;

namespace HybridMargin.Ring;

/// <summary>
/// Sequencer for exactly one producer thread: claiming is a plain field increment, publishing one release-store
/// of the cursor. Using it from two threads corrupts the ring.
/// </summary>
/// <typeparam name="TWait">The consumers' wait strategy (signalled on publish when it blocks).</typeparam>
public sealed class SingleProducerSequencer<TWait> : Sequencer
    where TWait : struct, IWaitStrategy
{
    private readonly TWait _wait;

    // Only the producer thread touches these two: no synchronisation needed.
    private long _next = Sequence.Initial;
    private long _cachedGating = Sequence.Initial;

    // The last sequence marked in the ring's slots: Publish(s) publishes every claim up to s (a producer may claim a
    // batch and publish its last), so the slots in between are marked too.
    private long _marked = Sequence.Initial;

    /// <summary>Creates the sequencer.</summary>
    public SingleProducerSequencer(int size, TWait wait)
        : base(size)
    {
        _wait = wait;
    }

    /// <inheritdoc/>
    public override long Next()
    {
        long next = _next + 1;
        long wrapPoint = next - Size;
        if (wrapPoint > _cachedGating)
        {
            WaitForSpace(wrapPoint);
        }

        _next = next;
        return next;
    }

    /// <inheritdoc/>
    public override bool TryNext(out long sequence)
    {
        long next = _next + 1;
        long wrapPoint = next - Size;
        if (wrapPoint > _cachedGating)
        {
            // Store-load fence: our last publish must be visible before we read the consumers' progress.
            // (Writing the claimed sequence into the cursor instead would show consumers an unpublished slot.)
            Interlocked.MemoryBarrier();
            long minimum = Sequence.Minimum(Gating, _next);
            _cachedGating = minimum;
            if (wrapPoint > minimum)
            {
                sequence = -1;
                return false;
            }
        }

        _next = next;
        sequence = next;
        return true;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        if (Flags is { } flags)
        {
            for (long s = _marked + 1; s <= sequence; s++)
            {
                flags.MarkPublished(s);
            }

            _marked = sequence;
        }

        Cursor.Value = sequence;
        _wait.SignalAllWhenBlocking();
    }

    /// <inheritdoc/>
    public override bool IsAvailable(long sequence) => sequence <= Cursor.Value;

    /// <inheritdoc/>
    public override long HighestPublished(long low, long available) => available;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForSpace(long wrapPoint)
    {
        Interlocked.MemoryBarrier();
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = Sequence.Minimum(Gating, _next)))
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _cachedGating = minimum;
    }
}
