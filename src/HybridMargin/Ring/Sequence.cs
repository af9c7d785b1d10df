using System.Runtime.CompilerServices;

namespace HybridMargin.Ring;

/// <summary>
/// A cache-line-padded sequence number: a cursor of a sequencer or the progress of a consumer.
/// Every access is through <see cref="Volatile"/> or <see cref="Interlocked"/>: a write releases the events
/// written before it, a read acquires them (the publish/consume ordering the ring relies on).
/// </summary>
public sealed class Sequence
{
    /// <summary>The value before anything was published.</summary>
    public const long Initial = -1;

    private PaddedLong _value;

    /// <summary>Creates a sequence at <paramref name="initial"/>.</summary>
    public Sequence(long initial = Initial)
    {
        _value.Value = initial;
    }

    /// <summary>Acquire-read of the value.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value.Value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref _value.Value, value);
    }

    /// <summary>Atomically replaces <paramref name="expected"/> by <paramref name="next"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value.Value, next, expected) == expected;

    /// <summary>The smallest value of <paramref name="sequences"/>, or <paramref name="minimum"/> if smaller (or if none).</summary>
    public static long Minimum(Sequence[] sequences, long minimum)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        foreach (var s in sequences)
        {
            long v = s.Value;
            if (v < minimum)
            {
                minimum = v;
            }
        }

        return minimum;
    }

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
