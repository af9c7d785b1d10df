using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridMargin.Ring;

/// <summary>
/// Pre-allocated slots of a struct event, indexed by sequence number modulo a power-of-two size. Slots are
/// handed out by <c>ref</c>: producers write them in place between claim and publish, consumers read them in
/// place; nothing is copied or allocated per event. A ring built on its sequencer
/// (<see cref="RingBuffer{T}(Sequencer)"/>) also keeps, next to each slot, the sequence last published into it, so a
/// first stage can poll the slot itself instead of the shared cursor: one cache line per hop instead of two.
/// </summary>
/// <typeparam name="T">The event: a struct, reused slot by slot.</typeparam>
public sealed class RingBuffer<T> : IPublicationFlags
    where T : struct
{
    private readonly Cell[] _cells;
    private readonly long _mask;

    /// <summary>Allocates <paramref name="size"/> slots (a power of two ≥ 2); consumers learn of publications from the sequencer alone.</summary>
    public RingBuffer(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "ring size must be a power of two ≥ 2");
        }

        _cells = new Cell[size];
        _mask = size - 1;
        for (int i = 0; i < size; i++)
        {
            // No sequence is negative: nothing reads as published before its first publish.
            _cells[i].Published = Sequence.Initial;
        }
    }

    /// <summary>
    /// Allocates <paramref name="sequencer"/>'s size of slots and has the sequencer mark each publish in the slot's
    /// cell, where the first stage (a <see cref="BatchEventProcessor{T, THandler, TWait}"/> whose barrier waits on that
    /// sequencer) polls it. A sequencer serves at most one ring.
    /// </summary>
    public RingBuffer(Sequencer sequencer)
        : this((sequencer ?? throw new ArgumentNullException(nameof(sequencer))).Size)
    {
        sequencer.Attach(this);
        Sequencer = sequencer;
    }

    /// <summary>Number of slots.</summary>
    public int Size => _cells.Length;

    /// <summary>The sequencer that marks publications in this ring's cells, or null.</summary>
    public Sequencer? Sequencer { get; }

    /// <summary>The slot for <paramref name="sequence"/>.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref At(sequence).Value;
    }

    /// <summary>
    /// True once <paramref name="sequence"/> is published (an acquire: the slot's contents are visible then), read
    /// from the slot's own mark — for a consumer that polls without a stage. Only a ring built on its sequencer is
    /// marked; another ring answers false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsPublished(long sequence) => Volatile.Read(ref At(sequence).Published) == sequence;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void IPublicationFlags.MarkPublished(long sequence) => Volatile.Write(ref At(sequence).Published, sequence);

    // The mask keeps the index in range, so the bounds check is provably redundant and skipped.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Cell At(long sequence) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cells), (nint)(sequence & _mask));

    // The flag first, right before the event's first bytes: a small event and its flag share a cache line unless the
    // cell straddles a line boundary (never when the cell's size divides 64). An event with references is laid out by
    // the runtime, which may move it.
    [StructLayout(LayoutKind.Sequential)]
    private struct Cell
    {
        public long Published;
        public T Value;
    }
}
