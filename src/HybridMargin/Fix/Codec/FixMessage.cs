using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace HybridMargin.Fix.Codec;

/// <summary>
/// A parsed message as an index over the bytes it was parsed from: no string per field and nothing allocated per
/// message (one instance is reused by a session). Values are valid until the buffer is released, i.e. while the
/// message is being handled.
/// </summary>
public sealed class FixMessage
{
    /// <summary>Tags below this bound are found in O(1); larger (user-defined) tags by a scan.</summary>
    private const int IndexedTags = 1024;

    // One array of (tag, start, length): the three values of a field share a cache line and one bounds check.
    private readonly Field[] _fields;

    // _index[tag] = field position + 1, 0 when absent; only the entries of the current fields are ever non-zero.
    private readonly ushort[] _index = new ushort[IndexedTags];
    private ReadOnlyMemory<byte> _buffer;

    // The array behind _buffer when there is one (pipe segments and scratch buffers are arrays): slicing it directly
    // skips ReadOnlyMemory.Span's type checks on every field read.
    private byte[]? _array;
    private int _offset;

    // Separator bitmap of the message being parsed (see FixChecksum.ComputeAndMarkSeparators); grown on first use.
    private uint[] _separators = [];
    private int _count;

    /// <summary>Creates a message able to hold <paramref name="maxFields"/> fields.</summary>
    public FixMessage(int maxFields = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFields, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFields, ushort.MaxValue - 1);
        _fields = new Field[maxFields];
    }

    /// <summary>Fields parsed, header and trailer included.</summary>
    public int Count => _count;

    /// <summary>Most fields one message may have.</summary>
    public int Capacity => _fields.Length;

    /// <summary>The whole message, from <c>8=</c> to the checksum's SOH.</summary>
    public ReadOnlySpan<byte> Raw => _buffer.Span;

    /// <summary>MsgType (35), empty when absent.</summary>
    public ReadOnlySpan<byte> MsgType => Get(FixTag.MsgType);

    /// <summary>Tag of field <paramref name="position"/>.</summary>
    public int TagAt(int position) => _fields[position].Tag;

    /// <summary>Value of field <paramref name="position"/>.</summary>
    public ReadOnlySpan<byte> ValueAt(int position)
    {
        var f = _fields[position];
        return Slice(f.Start, f.Length);
    }

    /// <summary>Whether <paramref name="tag"/> is present.</summary>
    public bool Has(int tag) => Find(tag) >= 0;

    /// <summary>The value of <paramref name="tag"/>, or an empty span when absent (FIX values are never empty).</summary>
    public ReadOnlySpan<byte> Get(int tag)
    {
        int i = Find(tag);
        if (i < 0)
        {
            return default;
        }

        var f = _fields[i];
        return Slice(f.Start, f.Length);
    }

    /// <summary>The value of <paramref name="tag"/> if present.</summary>
    public bool TryGet(int tag, out ReadOnlySpan<byte> value)
    {
        int i = Find(tag);
        if (i < 0)
        {
            value = default;
            return false;
        }

        var f = _fields[i];
        value = Slice(f.Start, f.Length);
        return true;
    }

    /// <summary>MsgSeqNum (34), or 0 when absent or not a positive number.</summary>
    public long MsgSeqNum => FixValue.TryParseInt(Get(FixTag.MsgSeqNum), out long n) && n > 0 ? n : 0;

    /// <summary>True when MsgType equals <paramref name="type"/>.</summary>
    public bool IsType(ReadOnlySpan<byte> type) => MsgType.SequenceEqual(type);

    /// <summary>True for a single-character MsgType equal to <paramref name="type"/>.</summary>
    public bool IsType(byte type)
    {
        var t = MsgType;
        return t.Length == 1 && t[0] == type;
    }

    /// <summary>PossDupFlag (43) is Y.</summary>
    public bool PossDup => IsYes(FixTag.PossDupFlag);

    /// <summary>Whether a Boolean field is Y.</summary>
    public bool IsYes(int tag)
    {
        var v = Get(tag);
        return v.Length == 1 && v[0] == (byte)'Y';
    }

    /// <summary>Copies the bytes elsewhere and re-points the index to them (for keeping a message beyond its buffer).</summary>
    public void CopyTo(FixMessage target, byte[] storage)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(storage);
        var raw = Raw;
        raw.CopyTo(storage);
        target.Reset(storage.AsMemory(0, raw.Length));
        for (int i = 0; i < _count; i++)
        {
            target.TryAdd(_fields[i].Tag, _fields[i].Start, _fields[i].Length);
        }
    }

    /// <summary>The separator bitmap, at least <paramref name="bytes"/> bits (allocated once, on the first larger message).</summary>
    internal Span<uint> Separators(int bytes)
    {
        int words = (bytes + 31) >> 5;
        if (_separators.Length < words)
        {
            _separators = new uint[Math.Max(words, 64)];
        }

        return _separators.AsSpan(0, words);
    }

    /// <summary>Position of the first separator at or after <paramref name="from"/> (one must exist).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int NextSeparator(int from)
    {
        int w = from >> 5;
        uint bits = _separators[w] & (uint.MaxValue << (from & 31));
        while (bits == 0)
        {
            bits = _separators[++w];
        }

        return (w << 5) + System.Numerics.BitOperations.TrailingZeroCount(bits);
    }

    internal void Reset(ReadOnlyMemory<byte> buffer)
    {
        for (int i = 0; i < _count; i++)
        {
            int tag = _fields[i].Tag;
            if ((uint)tag < IndexedTags)
            {
                _index[tag] = 0;
            }
        }

        _count = 0;
        _buffer = buffer;
        if (MemoryMarshal.TryGetArray(buffer, out var segment))
        {
            _array = segment.Array;
            _offset = segment.Offset;
        }
        else
        {
            _array = null;
        }
    }

    internal void Truncate(int length) => _buffer = _buffer[..length];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Slice(int start, int length) =>
        _array is { } array ? new ReadOnlySpan<byte>(array, _offset + start, length) : _buffer.Span.Slice(start, length);

    /// <summary>Position of the (first) field with <paramref name="tag"/>, or -1.</summary>
    internal int PositionOf(int tag) => Find(tag);

    /// <summary>Adds a field; false when the tag is already present (the field is not added).</summary>
    internal bool TryAdd(int tag, int start, int length)
    {
        int i = _count;
        if ((uint)tag < IndexedTags)
        {
            ref ushort entry = ref _index[tag];
            if (entry != 0)
            {
                return false;
            }

            entry = (ushort)(i + 1);
        }
        else if (FindSlow(tag) >= 0)
        {
            return false;
        }

        _fields[i] = new Field(tag, start, length);
        _count = i + 1;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(int tag)
    {
        if ((uint)tag < IndexedTags)
        {
            return _index[tag] - 1;
        }

        return FindSlow(tag);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FindSlow(int tag)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_fields[i].Tag == tag)
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Field(int Tag, int Start, int Length);
}
