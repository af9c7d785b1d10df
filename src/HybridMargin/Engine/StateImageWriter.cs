using System.Buffers.Binary;
using System.Numerics;

namespace HybridMargin.Engine;

/// <summary>
/// Writes a state enumeration (<see cref="IStateVisitor"/>) as little-endian bytes: scalars as they are, arrays
/// prefixed with their length. The buffer is kept across uses, so capturing the same engine again allocates nothing.
/// </summary>
internal sealed class StateImageWriter : IStateVisitor
{
    private const int OpenOrderBytes = 4 + 4 + 8 + 4 + 1 + 8 + 8 + 8;
    private byte[] _buffer;
    private int _length;

    public bool Restores => false;

    public StateImageWriter(int capacity = 1 << 16)
    {
        _buffer = new byte[capacity];
    }

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new image in the same buffer.</summary>
    public void Reset() => _length = 0;

    public void Value(string name, ref double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    public void Value(string name, ref long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    public void Value(string name, ref int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    public void Value(string name, ref bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    public void Values(string name, double[] values)
    {
        var span = Take(4 + (8 * values.Length));
        BinaryPrimitives.WriteInt32LittleEndian(span, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(span[(4 + (8 * i))..], values[i]);
        }
    }

    public void Values(string name, long[] values)
    {
        var span = Take(4 + (8 * values.Length));
        BinaryPrimitives.WriteInt32LittleEndian(span, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(4 + (8 * i))..], values[i]);
        }
    }

    public void Values(string name, int[] values)
    {
        var span = Take(4 + (4 * values.Length));
        BinaryPrimitives.WriteInt32LittleEndian(span, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(4 + (4 * i))..], values[i]);
        }
    }

    public void Values(string name, bool[] values)
    {
        var span = Take(4 + values.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            span[4 + i] = values[i] ? (byte)1 : (byte)0;
        }
    }

    public void OpenOrders(string name, OpenOrder[] slots, ReadOnlySpan<ulong> free)
    {
        // Sparse: the pool is sized for the capacity (mostly empty); each occupied entry goes with its index, so the
        // restored pool has the same layout and later orders take the same entries as they did in the original run.
        // The occupied entries are found from the table's free bits, 64 entries a word, not by reading every 48-byte order.
        var header = Take(8);
        BinaryPrimitives.WriteInt32LittleEndian(header, slots.Length);
        int occupied = 0;
        for (int word = 0; word < free.Length; word++)
        {
            // Bits past the last slot are clear (never free), so the index bound below is what stops them.
            for (ulong taken = ~free[word]; taken != 0; taken &= taken - 1)
            {
                int i = (word << 6) + BitOperations.TrailingZeroCount(taken);
                if (i >= slots.Length)
                {
                    break;
                }

                WriteOpenOrder(i, slots[i]);
                occupied++;
            }
        }

        // Take may have moved the buffer: write the count through the current one.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length - (occupied * OpenOrderBytes) - 4), occupied);
    }

    private void WriteOpenOrder(int i, in OpenOrder o)
    {
        var span = Take(OpenOrderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(span, i);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], o.Account);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], o.ClientOrderId);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], o.Instrument);
        span[20] = (byte)o.Side;
        BinaryPrimitives.WriteDoubleLittleEndian(span[21..], o.Remaining);
        BinaryPrimitives.WriteDoubleLittleEndian(span[29..], o.Price);
        BinaryPrimitives.WriteDoubleLittleEndian(span[37..], o.QuotePrice);
    }

    private Span<byte> Take(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
