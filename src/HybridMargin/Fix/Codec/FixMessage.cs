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

    private readonly int[] _tags;
    private readonly int[] _starts;
    private readonly int[] _lengths;

    // _index[tag] = field position + 1, 0 when absent; only the entries of the current fields are ever non-zero.
    private readonly ushort[] _index = new ushort[IndexedTags];
    private ReadOnlyMemory<byte> _buffer;
    private int _count;

    /// <summary>Creates a message able to hold <paramref name="maxFields"/> fields.</summary>
    public FixMessage(int maxFields = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFields, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFields, ushort.MaxValue - 1);
        _tags = new int[maxFields];
        _starts = new int[maxFields];
        _lengths = new int[maxFields];
    }

    /// <summary>Fields parsed, header and trailer included.</summary>
    public int Count => _count;

    /// <summary>Most fields one message may have.</summary>
    public int Capacity => _tags.Length;

    /// <summary>The whole message, from <c>8=</c> to the checksum's SOH.</summary>
    public ReadOnlySpan<byte> Raw => _buffer.Span;

    /// <summary>MsgType (35), empty when absent.</summary>
    public ReadOnlySpan<byte> MsgType => Get(FixTag.MsgType);

    /// <summary>Tag of field <paramref name="position"/>.</summary>
    public int TagAt(int position) => _tags[position];

    /// <summary>Value of field <paramref name="position"/>.</summary>
    public ReadOnlySpan<byte> ValueAt(int position) => _buffer.Span.Slice(_starts[position], _lengths[position]);

    /// <summary>Whether <paramref name="tag"/> is present.</summary>
    public bool Has(int tag) => Find(tag) >= 0;

    /// <summary>The value of <paramref name="tag"/>, or an empty span when absent (FIX values are never empty).</summary>
    public ReadOnlySpan<byte> Get(int tag)
    {
        int i = Find(tag);
        return i < 0 ? default : _buffer.Span.Slice(_starts[i], _lengths[i]);
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

        value = _buffer.Span.Slice(_starts[i], _lengths[i]);
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
            target.TryAdd(_tags[i], _starts[i], _lengths[i]);
        }
    }

    internal void Reset(ReadOnlyMemory<byte> buffer)
    {
        for (int i = 0; i < _count; i++)
        {
            int tag = _tags[i];
            if ((uint)tag < IndexedTags)
            {
                _index[tag] = 0;
            }
        }

        _count = 0;
        _buffer = buffer;
    }

    internal void Truncate(int length) => _buffer = _buffer[..length];

    /// <summary>Position of the (first) field with <paramref name="tag"/>, or -1.</summary>
    internal int PositionOf(int tag) => Find(tag);

    /// <summary>Adds a field; false when the tag is already present (the field is not added).</summary>
    internal bool TryAdd(int tag, int start, int length)
    {
        if (Find(tag) >= 0)
        {
            return false;
        }

        int i = _count;
        _tags[i] = tag;
        _starts[i] = start;
        _lengths[i] = length;
        _count = i + 1;
        if ((uint)tag < IndexedTags)
        {
            _index[tag] = (ushort)(i + 1);
        }

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
            if (_tags[i] == tag)
            {
                return i;
            }
        }

        return -1;
    }
}
