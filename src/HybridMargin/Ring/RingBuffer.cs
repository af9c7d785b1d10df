using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridMargin.Ring;

/// <summary>
/// Pre-allocated slots of a struct event, indexed by sequence number modulo a power-of-two size. Slots are
/// handed out by <c>ref</c>: producers write them in place between claim and publish, consumers read them in
/// place; nothing is copied or allocated per event.
/// </summary>
/// <typeparam name="T">The event: a struct, reused slot by slot.</typeparam>
public sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _slots;
    private readonly long _mask;

    /// <summary>Allocates <paramref name="size"/> slots (a power of two ≥ 2).</summary>
    public RingBuffer(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "ring size must be a power of two ≥ 2");
        }

        _slots = new T[size];
        _mask = size - 1;
    }

    /// <summary>Number of slots.</summary>
    public int Size => _slots.Length;

    /// <summary>The slot of <paramref name="sequence"/>.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        // The mask keeps the index in range, so the bounds check is provably redundant and skipped.
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(sequence & _mask));
    }
}
