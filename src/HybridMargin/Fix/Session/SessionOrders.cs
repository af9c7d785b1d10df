using System.Runtime.CompilerServices;

namespace HybridMargin.Fix.Session;

/// <summary>
/// The live orders of one session, found by ClOrdID bytes (open addressing over a fixed key arena) or by the
/// gate's id (whose low bits are the slot). Pre-allocated to the configured capacity: nothing is allocated per
/// order. Not thread-safe: the session's lock guards it.
/// </summary>
internal sealed class SessionOrders
{
    private const int SlotBits = 24;
    private const int Tombstone = -1;

    private readonly SessionOrder[] _orders;
    private readonly byte[] _keys;
    private readonly byte[] _pendingKeys;
    private readonly int[] _keyLengths;
    private readonly int[] _pendingKeyLengths;
    private readonly int[] _buckets;
    private readonly int[] _free;
    private readonly int _maxKey;
    private readonly int _mask;
    private int _freeCount;
    private int _tombstones;

    public SessionOrders(int capacity, int maxClOrdIdLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << SlotBits);
        _orders = new SessionOrder[capacity];
        _maxKey = maxClOrdIdLength;
        _keys = new byte[capacity * maxClOrdIdLength];
        _pendingKeys = new byte[capacity * maxClOrdIdLength];
        _keyLengths = new int[capacity];
        _pendingKeyLengths = new int[capacity];
        int size = 4;
        while (size < capacity * 2)
        {
            size *= 2;
        }

        _buckets = new int[size];
        _mask = size - 1;
        _free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _free[i] = capacity - 1 - i;
        }

        _freeCount = capacity;
    }

    public int Live => _orders.Length - _freeCount;

    public ref SessionOrder this[int slot] => ref _orders[slot];

    /// <summary>The slot of <paramref name="id"/> if it is live, else -1.</summary>
    public int FindById(long id)
    {
        int slot = (int)(id & ((1 << SlotBits) - 1));
        return (uint)slot < (uint)_orders.Length && _orders[slot].State != OrderState.Free && _orders[slot].Id == id ? slot : -1;
    }

    /// <summary>The slot of the live order keyed by <paramref name="clOrdId"/>, else -1.</summary>
    public int Find(ReadOnlySpan<byte> clOrdId)
    {
        int b = Hash(clOrdId) & _mask;
        while (true)
        {
            int entry = _buckets[b];
            if (entry == 0)
            {
                return -1;
            }

            if (entry > 0 && Key(entry - 1).SequenceEqual(clOrdId))
            {
                return entry - 1;
            }

            b = (b + 1) & _mask;
        }
    }

    /// <summary>Takes a slot for a new order keyed by <paramref name="clOrdId"/>; -1 when full. The id combines <paramref name="serial"/> and the slot.</summary>
    public int Add(ReadOnlySpan<byte> clOrdId, long serial)
    {
        if (_freeCount == 0 || clOrdId.Length > _maxKey)
        {
            return -1;
        }

        int slot = _free[--_freeCount];
        _orders[slot] = new SessionOrder { Id = (serial << SlotBits) | (long)slot };
        clOrdId.CopyTo(_keys.AsSpan(slot * _maxKey, _maxKey));
        _keyLengths[slot] = clOrdId.Length;
        Insert(slot);
        return slot;
    }

    /// <summary>The id an order would get in <paramref name="slot"/> with <paramref name="serial"/>.</summary>
    public static long MakeId(long serial, int slot) => (serial << SlotBits) | (long)slot;

    public ReadOnlySpan<byte> Key(int slot) => _keys.AsSpan(slot * _maxKey, _keyLengths[slot]);

    public ReadOnlySpan<byte> PendingKey(int slot) => _pendingKeys.AsSpan(slot * _maxKey, _pendingKeyLengths[slot]);

    /// <summary>Remembers the ClOrdID of a cancel or replace request while it is with the gate.</summary>
    public bool SetPendingKey(int slot, ReadOnlySpan<byte> clOrdId)
    {
        if (clOrdId.Length > _maxKey)
        {
            return false;
        }

        clOrdId.CopyTo(_pendingKeys.AsSpan(slot * _maxKey, _maxKey));
        _pendingKeyLengths[slot] = clOrdId.Length;
        return true;
    }

    /// <summary>After an accepted replace: the order is known by the request's ClOrdID from now on.</summary>
    public void Rekey(int slot)
    {
        RemoveKey(slot);
        PendingKey(slot).CopyTo(_keys.AsSpan(slot * _maxKey, _maxKey));
        _keyLengths[slot] = _pendingKeyLengths[slot];
        Insert(slot);
    }

    /// <summary>Frees a slot (filled, cancelled or rejected order).</summary>
    public void Remove(int slot)
    {
        if (_orders[slot].State == OrderState.Free)
        {
            return;
        }

        RemoveKey(slot);
        _orders[slot].State = OrderState.Free;
        _free[_freeCount++] = slot;
    }

    /// <summary>Slots of live orders, for cancel-on-disconnect (caller passes a buffer of <see cref="Live"/> or more).</summary>
    public int CopyLive(Span<int> slots)
    {
        int n = 0;
        for (int i = 0; i < _orders.Length && n < slots.Length; i++)
        {
            if (_orders[i].State != OrderState.Free)
            {
                slots[n++] = i;
            }
        }

        return n;
    }

    private void Insert(int slot)
    {
        int b = Hash(Key(slot)) & _mask;
        while (_buckets[b] > 0)
        {
            b = (b + 1) & _mask;
        }

        if (_buckets[b] == Tombstone)
        {
            _tombstones--;
        }

        _buckets[b] = slot + 1;
    }

    // Unsuccessful lookups stop only at an empty bucket: rebuild (in place, no allocation) before tombstones crowd them out.
    private void Compact(int except)
    {
        Array.Clear(_buckets);
        _tombstones = 0;
        for (int i = 0; i < _orders.Length; i++)
        {
            if (i != except && _orders[i].State != OrderState.Free)
            {
                Insert(i);
            }
        }
    }

    private void RemoveKey(int slot)
    {
        int b = Hash(Key(slot)) & _mask;
        while (_buckets[b] != 0)
        {
            if (_buckets[b] == slot + 1)
            {
                // A tombstone keeps later entries of the same probe chain reachable.
                _buckets[b] = Tombstone;
                if (++_tombstones > _buckets.Length / 4)
                {
                    Compact(except: slot);
                }

                return;
            }

            b = (b + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = 2166136261;
        foreach (byte x in bytes)
        {
            h = (h ^ x) * 16777619;
        }

        return (int)(h ^ (h >> 15));
    }
}
