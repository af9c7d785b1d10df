using System.Buffers.Binary;

namespace HybridMargin.Engine;

/// <summary>Reads what <see cref="StateImageWriter"/> wrote back into the same enumeration, refusing any shape mismatch by name.</summary>
internal sealed class StateImageReader : IStateVisitor
{
    private const int OpenOrderBytes = 4 + 8 + 4 + 1 + 8 + 8 + 8 + 1;
    private readonly byte[] _image;
    private int _position;

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

    public void OpenOrders(string name, OpenOrder[] slots)
    {
        var span = TakeArray(name, slots.Length, OpenOrderBytes);
        for (int i = 0; i < slots.Length; i++, span = span[OpenOrderBytes..])
        {
            slots[i] = new OpenOrder
            {
                Account = BinaryPrimitives.ReadInt32LittleEndian(span),
                ClientOrderId = BinaryPrimitives.ReadInt64LittleEndian(span[4..]),
                Instrument = BinaryPrimitives.ReadInt32LittleEndian(span[12..]),
                Side = (Side)span[16],
                Remaining = BinaryPrimitives.ReadDoubleLittleEndian(span[17..]),
                Price = BinaryPrimitives.ReadDoubleLittleEndian(span[25..]),
                QuotePrice = BinaryPrimitives.ReadDoubleLittleEndian(span[33..]),
                Occupied = span[41] != 0,
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
