using System.Buffers.Binary;

namespace HybridMargin.Engine;

/// <summary>Reads what <see cref="StateImageWriter"/> wrote back into the same enumeration, refusing any shape mismatch by name.</summary>
internal sealed class StateImageReader : IStateVisitor
{
    private const int OpenOrderBytes = 4 + 4 + 8 + 4 + 1 + 8 + 8 + 8;
    private readonly byte[] _image;
    private int _position;

    public bool Restores => true;

    public StateImageReader(byte[] image)
    {
        _image = image;
    }

    /// <summary>Throws unless every byte was read (an image of another shape).</summary>
    public void EnsureConsumed()
    {
        if (_position != _image.Length)
        {
            throw new InvalidDataException($"the state image has {_image.Length - _position} bytes left over after the last field");
        }
    }

    public void Value(string name, ref double value) => value = BinaryPrimitives.ReadDoubleLittleEndian(Take(name, 8));

    public void Value(string name, ref long value) => value = BinaryPrimitives.ReadInt64LittleEndian(Take(name, 8));

    public void Value(string name, ref int value) => value = BinaryPrimitives.ReadInt32LittleEndian(Take(name, 4));

    public void Value(string name, ref bool value) => value = Take(name, 1)[0] != 0;

    public void Values(string name, double[] values)
    {
        var span = TakeArray(name, values.Length, 8);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]);
        }
    }

    public void Values(string name, long[] values)
    {
        var span = TakeArray(name, values.Length, 8);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]);
        }
    }

    public void Values(string name, int[] values)
    {
        var span = TakeArray(name, values.Length, 4);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
        }
    }

    public void Values(string name, bool[] values)
    {
        var span = TakeArray(name, values.Length, 1);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = span[i] != 0;
        }
    }

    public void OpenOrders(string name, OpenOrder[] slots, ReadOnlySpan<ulong> free)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(Take(name, 4));
        if (length != slots.Length)
        {
            throw new InvalidDataException($"the state image's {name} has {length} slots where the engine has {slots.Length} (another open-order capacity?)");
        }

        int occupied = BinaryPrimitives.ReadInt32LittleEndian(Take(name, 4));
        if ((uint)occupied > (uint)slots.Length)
        {
            throw new InvalidDataException($"the state image's {name} claims {occupied} open orders in {slots.Length} slots");
        }

        Array.Clear(slots);
        for (int n = 0; n < occupied; n++)
        {
            var span = Take(name, OpenOrderBytes);
            int i = BinaryPrimitives.ReadInt32LittleEndian(span);
            if ((uint)i >= (uint)slots.Length || slots[i].Occupied)
            {
                throw new InvalidDataException($"the state image's {name} has a bad slot index {i}");
            }

            slots[i] = new OpenOrder
            {
                Account = BinaryPrimitives.ReadInt32LittleEndian(span[4..]),
                ClientOrderId = BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
                Instrument = BinaryPrimitives.ReadInt32LittleEndian(span[16..]),
                Side = (Side)span[20],
                Remaining = BinaryPrimitives.ReadDoubleLittleEndian(span[21..]),
                Price = BinaryPrimitives.ReadDoubleLittleEndian(span[29..]),
                QuotePrice = BinaryPrimitives.ReadDoubleLittleEndian(span[37..]),
                Occupied = true,
            };
        }
    }

    private ReadOnlySpan<byte> TakeArray(string name, int expected, int elementSize)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(Take(name, 4));
        if (length != expected)
        {
            throw new InvalidDataException($"the state image's {name} has {length} elements where the engine has {expected} (an image of another book?)");
        }

        return Take(name, expected * elementSize);
    }

    private ReadOnlySpan<byte> Take(string name, int count)
    {
        if (_image.Length - _position < count)
        {
            throw new InvalidDataException($"the state image ends inside {name} at byte {_position}");
        }

        var span = _image.AsSpan(_position, count);
        _position += count;
        return span;
    }
}
