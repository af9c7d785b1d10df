namespace HybridMargin.Fix.Session;

/// <summary>
/// Venue fills published to the gate and not yet answered, in publication order. The gate answers one publisher's
/// events in the order it published them, so the head is always the fill being answered. Fixed capacity, no allocation.
/// </summary>
internal sealed class PendingFills(int capacity)
{
    private readonly (long Id, double Quantity, double Price)[] _items = new (long, double, double)[capacity];
    private int _head;
    private int _count;

    public bool TryAdd(long id, double quantity, double price)
    {
        if (_count == _items.Length)
        {
            return false;
        }

        _items[(_head + _count) % _items.Length] = (id, quantity, price);
        _count++;
        return true;
    }

    /// <summary>Takes the oldest pending fill of <paramref name="id"/> (normally the head).</summary>
    public bool TryTake(long id, out double quantity, out double price)
    {
        quantity = price = 0;
        for (int k = 0; k < _count; k++)
        {
            int at = (_head + k) % _items.Length;
            if (_items[at].Id != id)
            {
                continue;
            }

            (_, quantity, price) = _items[at];

            // Close the hole by moving the older entries up one place; k is 0 unless fills are answered out of order.
            for (int j = k; j > 0; j--)
            {
                _items[(_head + j) % _items.Length] = _items[(_head + j - 1) % _items.Length];
            }

            _head = (_head + 1) % _items.Length;
            _count--;
            return true;
        }

        return false;
    }
}
