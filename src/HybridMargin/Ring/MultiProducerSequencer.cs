using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridMargin.Ring;

/// <summary>
/// Sequencer for any number of producer threads: claims by compare-and-swap on the cursor, and since claims
/// may be published out of order, each slot carries the lap number it was last published in; consumers read
/// up to the first slot not yet published.
/// </summary>
/// <typeparam name="TWait">The consumers' wait strategy (signalled on publish when it blocks).</typeparam>
public sealed class MultiProducerSequencer<TWait> : Sequencer
    where TWait : struct, IWaitStrategy
{
    private readonly TWait _wait;
    private readonly int[] _published;
    private readonly int _mask;
    private readonly int _shift;

    // A cache of the slowest consumer shared by producers; stale values only cost a re-read.
    private readonly Sequence _gatingCache = new();

    /// <summary>Creates the sequencer.</summary>
    public MultiProducerSequencer(int size, TWait wait)
        : base(size)
    {
        _wait = wait;
        _published = new int[size];
        Array.Fill(_published, -1);
        _mask = size - 1;
        _shift = BitOperations.Log2((uint)size);
    }

    /// <inheritdoc/>
    public override long Next()
    {
        var spinner = default(SpinWait);
        long sequence;
        while (!TryNext(out sequence))
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return sequence;
    }

    /// <inheritdoc/>
    public override bool TryNext(out long sequence)
    {
        while (true)
        {
            long current = Cursor.Value;
            long next = current + 1;
            long wrapPoint = next - Size;
            long cached = _gatingCache.Value;
            if (wrapPoint > cached || cached > current)
            {
                long minimum = Sequence.Minimum(Gating, current);
                if (wrapPoint > minimum)
                {
                    sequence = -1;
                    return false;
                }

                _gatingCache.Value = minimum;
                continue;
            }

            if (Cursor.CompareAndSet(current, next))
            {
                sequence = next;
                return true;
            }
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        // Release-store (the ring's mark, or the lap number in the availability buffer when no ring is attached):
        // the slot's contents written before it become visible with it. One of the two, not both: with a ring the
        // mark is in the slot's own line and the buffer would be a second line written per publish.
        if (Flags is { } flags)
        {
            flags.MarkPublished(sequence);
        }
        else
        {
            Volatile.Write(ref Slot(sequence), (int)(sequence >>> _shift));
        }

        _wait.SignalAllWhenBlocking();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool IsAvailable(long sequence) =>
        Flags is { } flags ? flags.IsPublished(sequence) : Volatile.Read(ref Slot(sequence)) == (int)(sequence >>> _shift);

    /// <inheritdoc/>
    public override long HighestPublished(long low, long available)
    {
        for (long s = low; s <= available; s++)
        {
            if (!IsAvailable(s))
            {
                return s - 1;
            }
        }

        return available;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int Slot(long sequence) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_published), (nint)(sequence & _mask));
}
