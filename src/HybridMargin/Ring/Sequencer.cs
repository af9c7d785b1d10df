namespace HybridMargin.Ring;

/// <summary>
/// Hands out sequence numbers to producers (claim), makes them visible to consumers (publish) and never lets
/// a producer lap the slowest consumer (the gating sequences).
/// </summary>
public abstract class Sequencer
{
    private Sequence[] _gating = [];

    /// <summary>Creates a sequencer for a ring of <paramref name="size"/> slots.</summary>
    protected Sequencer(int size)
    {
        if (size < 2 || !System.Numerics.BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "ring size must be a power of two ≥ 2");
        }

        Size = size;
    }

    /// <summary>Number of slots.</summary>
    public int Size { get; }

    /// <summary>The highest claimed (single producer: published) sequence.</summary>
    public Sequence Cursor { get; } = new();

    /// <summary>The ring whose cells <see cref="Publish"/> marks, when it was built on this sequencer.</summary>
    private protected IPublicationFlags? Flags { get; private set; }

    /// <summary>The consumers whose progress gates the producers (the last stages).</summary>
    protected Sequence[] Gating => Volatile.Read(ref _gating);

    /// <summary>
    /// Registers the sequences producers must not overtake by a whole ring. Call before publishing starts. Producers
    /// read them in the order given (each an acquire), which <see cref="SlotHolds"/> relies on: holds after consumers.
    /// </summary>
    public void SetGatingSequences(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        Volatile.Write(ref _gating, (Sequence[])sequences.Clone());
    }

    /// <summary>Has <see cref="Publish"/> mark each publication in <paramref name="ring"/>'s cells too.</summary>
    internal void Attach(IPublicationFlags ring)
    {
        if (Flags is not null)
        {
            throw new InvalidOperationException("the sequencer already publishes into a ring");
        }

        // Publications before this point would be in the sequencer's own record only, not in the ring's marks.
        if (Cursor.Value != Sequence.Initial)
        {
            throw new InvalidOperationException($"the sequencer has claimed up to {Cursor.Value}: build the ring on it before the first claim");
        }

        Flags = ring;
    }

    /// <summary>Claims the next sequence, waiting (spinning, then yielding) while the ring is full.</summary>
    public abstract long Next();

    /// <summary>Claims the next sequence if a slot is free now; false when the ring is full.</summary>
    public abstract bool TryNext(out long sequence);

    /// <summary>Makes the claimed slot visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>True when <paramref name="sequence"/> has been published.</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>The highest published sequence in [<paramref name="low"/>, <paramref name="available"/>] with everything before it published.</summary>
    public abstract long HighestPublished(long low, long available);

    /// <summary>Free slots now (for monitoring; racy by nature).</summary>
    public long RemainingCapacity() => Size - (Cursor.Value - Sequence.Minimum(Gating, Cursor.Value));
}
