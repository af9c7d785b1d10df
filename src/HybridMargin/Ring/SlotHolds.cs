using System.Numerics;
using System.Runtime.CompilerServices;

namespace HybridMargin.Ring;

/// <summary>
/// Gating sequences a producer thread takes while it waits to read an answer back out of its own slot (a stage wrote
/// it there), so that no producer can claim that slot again — a lap later — before the answer has been read. The
/// request and the answer then share the slot's cache lines: a round trip through one ring instead of a ring and a
/// reply channel. A free hold reads <see cref="long.MaxValue"/>, which never gates anyone.
/// </summary>
/// <remarks>
/// Take the hold after claiming and before publishing, at the sequence before the claimed one, and register
/// <see cref="Sequences"/> with <see cref="Sequencer.SetGatingSequences"/> <em>after</em> the consumers' sequences. A
/// producer whose claim would lap the held slot must have read a consumer sequence that has passed it; that consumer
/// passed it only after the holder published, which it did after taking the hold; and producers read the holds after
/// the consumers: the hold is visible to it. Until the publish no consumer passes the slot anyway, so the hold is never
/// needed earlier, and its value is exact: it gates no claim but the one that would lap this slot.
/// </remarks>
public sealed class SlotHolds
{
    /// <summary>The value of a hold nobody has taken.</summary>
    public const long Free = long.MaxValue;

    private readonly Sequence[] _holds;
    private readonly int _mask;

    /// <summary>Creates <paramref name="count"/> holds (a power of two ≥ 1): at most that many threads wait on their slots at once.</summary>
    public SlotHolds(int count)
    {
        if (count < 1 || !BitOperations.IsPow2(count))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "the number of slot holds must be a power of two ≥ 1");
        }

        _holds = new Sequence[count];
        for (int i = 0; i < count; i++)
        {
            _holds[i] = new Sequence(Free);
        }

        _mask = count - 1;
    }

    /// <summary>The holds, to be registered as gating sequences after the consumers'.</summary>
    public Sequence[] Sequences => _holds;

    /// <summary>
    /// Takes a free hold at <paramref name="heldFrom"/> — the sequence before the one the caller claimed and has not
    /// published yet — and returns its index, or −1 when every hold is taken. The take is a compare-and-swap (a full
    /// fence): the hold is visible before the caller's publish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryTake(long heldFrom)
    {
        // Each thread starts at its own hold, which then stays in its core's cache from one submission to the next.
        int home = Environment.CurrentManagedThreadId & _mask;
        if (_holds[home].CompareAndSet(Free, heldFrom))
        {
            return home;
        }

        return TryTakeAnother(home, heldFrom);
    }

    /// <summary>Releases hold <paramref name="index"/> once the answer has been read (a release-store: the read happens before any reuse of the slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(int index) => _holds[index].Value = Free;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int TryTakeAnother(int home, long heldFrom)
    {
        for (int i = 1; i < _holds.Length; i++)
        {
            int index = (home + i) & _mask;
            if (_holds[index].Value == Free && _holds[index].CompareAndSet(Free, heldFrom))
            {
                return index;
            }
        }

        return -1;
    }
}
