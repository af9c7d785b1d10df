using System.Runtime.CompilerServices;

namespace HybridMargin.Engine;

/// <summary>
/// Open orders keyed by (account, client order id): open addressing with linear probing and backward-shift
/// deletion, sized once at start so that placing and removing orders never allocates.
/// </summary>
internal sealed class OpenOrderTable
{
    private readonly OpenOrder[] _slots;
    private readonly int _mask;

    public OpenOrderTable(int capacity)
    {
        Capacity = capacity;
        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2));
        _slots = new OpenOrder[size];
        _mask = size - 1;
    }

    /// <summary>Most orders the table holds at once.</summary>
    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>Visits the raw slots (tombstone-free open addressing: their layout is state, since iteration order sums figures).</summary>
    public void VisitState(IStateVisitor visitor)
    {
        int count = Count;
        visitor.Value("orders.count", ref count);
        Count = count;
        visitor.OpenOrders("orders.slots", _slots);
    }

    /// <summary>Slot index of the order, or -1.</summary>
    public int Find(int account, long clientOrderId)
    {
        int i = Home(account, clientOrderId);
        while (true)
        {
            ref var slot = ref _slots[i];
            if (!slot.Occupied)
            {
                return -1;
            }

            if (slot.Account == account && slot.ClientOrderId == clientOrderId)
            {
                return i;
            }

            i = (i + 1) & _mask;
        }
    }

    public ref OpenOrder this[int slot] => ref _slots[slot];

    /// <summary>Adds an order whose key is known to be absent; false when the table is full.</summary>
    public bool TryAdd(in OpenOrder order)
    {
        if (Count >= Capacity)
        {
            return false;
        }

        int i = Home(order.Account, order.ClientOrderId);
        while (_slots[i].Occupied)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = order;
        _slots[i].Occupied = true;
        Count++;
        return true;
    }

    /// <summary>Removes the order in <paramref name="slot"/>, shifting back later members of its probe run so lookups stay exact without tombstones.</summary>
    public void RemoveAt(int slot)
    {
        int hole = slot;
        int i = slot;
        while (true)
        {
            i = (i + 1) & _mask;
            ref var candidate = ref _slots[i];
            if (!candidate.Occupied)
            {
                break;
            }

            int home = Home(candidate.Account, candidate.ClientOrderId);
            // Move the candidate into the hole unless its home lies cyclically in (hole, i].
            bool homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween)
            {
                _slots[hole] = candidate;
                hole = i;
            }
        }

        _slots[hole] = default;
        Count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(int account, long clientOrderId)
    {
        ulong h = (ulong)clientOrderId ^ ((ulong)(uint)account << 40) ^ ((ulong)(uint)account * 0x9E3779B97F4A7C15UL);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        return (int)(h & (ulong)_mask);
    }
}
