using System.Runtime.CompilerServices;

namespace HybridMargin.Engine;

/// <summary>
/// Open orders keyed by (account, client order id): open addressing with linear probing and backward-shift
/// deletion, sized once at start so that placing and removing orders never allocates. A byte per slot — 0 empty,
/// else 7 more bits of the key's hash — is what a lookup probes: the slots (48 B each, 12.6 MB at the default
/// capacity) are read only on a tag match, so the duplicate check on every new order, which almost always lands on
/// an empty slot, reads one byte from a 256 KB array that stays in cache instead of missing to memory (~100 ns).
/// </summary>
internal sealed class OpenOrderTable
{
    private readonly OpenOrder[] _slots;
    private readonly byte[] _tags;
    private readonly int _mask;

    public OpenOrderTable(int capacity)
    {
        Capacity = capacity;
        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2));
        _slots = new OpenOrder[size];
        _tags = new byte[size];
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
        visitor.OpenOrders("orders.slots", _slots, _tags);
        if (visitor.Restores)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                _tags[i] = _slots[i].Occupied ? Tag(Hash(_slots[i].Account, _slots[i].ClientOrderId)) : (byte)0;
            }
        }
    }

    /// <summary>Slot index of the order, or -1.</summary>
    public int Find(int account, long clientOrderId)
    {
        ulong hash = Hash(account, clientOrderId);
        byte tag = Tag(hash);
        int i = (int)(hash & (ulong)_mask);
        while (true)
        {
            byte probed = _tags[i];
            if (probed == 0)
            {
                return -1;
            }

            if (probed == tag && _slots[i].Account == account && _slots[i].ClientOrderId == clientOrderId)
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

        ulong hash = Hash(order.Account, order.ClientOrderId);
        int i = (int)(hash & (ulong)_mask);
        while (_tags[i] != 0)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = order;
        _slots[i].Occupied = true;
        _tags[i] = Tag(hash);
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
            if (_tags[i] == 0)
            {
                break;
            }

            ref var candidate = ref _slots[i];
            int home = (int)(Hash(candidate.Account, candidate.ClientOrderId) & (ulong)_mask);
            // Move the candidate into the hole unless its home lies cyclically in (hole, i].
            bool homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeBetween)
            {
                _slots[hole] = candidate;
                _tags[hole] = _tags[i];
                hole = i;
            }
        }

        _slots[hole] = default;
        _tags[hole] = 0;
        Count--;
    }

    // The home slot is the hash's low bits; the tag its top 7 bits with the high bit set, so never 0 (empty).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(int account, long clientOrderId)
    {
        ulong h = (ulong)clientOrderId ^ ((ulong)(uint)account << 40) ^ ((ulong)(uint)account * 0x9E3779B97F4A7C15UL);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Tag(ulong hash) => (byte)(0x80 | (hash >> 57));
}
