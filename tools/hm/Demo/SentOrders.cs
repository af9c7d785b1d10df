namespace HybridMargin.Cli.Demo;

/// <summary>
/// What each producer sent, by order id, so the venue can fill at the order's price and size. A producer writes
/// an entry before submitting; the venue reads it after the decision reached it through the ring and the venue
/// queue, whose release/acquire hand-offs order the write before the read.
/// </summary>
internal sealed class SentOrders
{
    private const int Size = 1 << 20;
    private readonly double[] _quantity = new double[Size];
    private readonly double[] _price = new double[Size];

    public void Record(long id, double quantity, double price)
    {
        _quantity[id & (Size - 1)] = quantity;
        _price[id & (Size - 1)] = price;
    }

    public (double Quantity, double Price) Get(long id) => (_quantity[id & (Size - 1)], _price[id & (Size - 1)]);
}
