using System.Globalization;

namespace HybridMargin.Fix.Codec;

/// <summary>
/// Encodes one message at a time into its own buffer: the body is written first, then BeginString and BodyLength
/// are placed in front of it and the CheckSum behind, so nothing is measured twice. Reused per session; allocates
/// nothing per message.
/// </summary>
public sealed class FixWriter
{
    // Room in front of the body for "8=FIX.4.4|9=NNNNNNN|".
    private const int HeaderRoom = 24;
    private const int MaxDecimals = 8;
    private const double Scale = 1e8;

    // |value| · 1e8 must stay below 2^63.
    private const double MaxScaled = 9e10;

    private readonly byte[] _cachedTimestamp = new byte[FixTimestamp.Length];
    private long _cachedSecond = -1;

    private readonly byte[] _buffer;

    // End of the room for the body: the whole message (BeginString, BodyLength, body, CheckSum) must fit maxMessageBytes.
    private readonly int _bodyEnd;
    private int _start;
    private int _position;
    private bool _open;

    /// <summary>Creates a writer for messages of up to <paramref name="maxMessageBytes"/> bytes.</summary>
    public FixWriter(int maxMessageBytes = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 128);
        _buffer = new byte[maxMessageBytes + HeaderRoom];
        int frame = FixParser.BeginString.Length + "9=|".Length + FixParser.TrailerLength;
        int body = maxMessageBytes - frame;
        while (frame + DigitCount(body) + body > maxMessageBytes)
        {
            body--;
        }

        _bodyEnd = HeaderRoom + body;
    }

    /// <summary>True after a field did not fit: <see cref="Complete"/> then refuses to produce a message.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Starts a message of type <paramref name="msgType"/> (written as the body's first field, 35).</summary>
    public void Begin(ReadOnlySpan<byte> msgType)
    {
        _position = HeaderRoom;
        _open = true;
        Overflowed = false;
        Add(FixTag.MsgType, msgType);
    }

    /// <summary>Adds a field with raw bytes as its value.</summary>
    public void Add(int tag, ReadOnlySpan<byte> value)
    {
        var span = Open(tag, value.Length);
        if (span.Length >= value.Length && value.Length > 0)
        {
            value.CopyTo(span);
            Close(value.Length);
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Adds a one-character field (Side, OrdStatus, ExecType, Booleans).</summary>
    public void Add(int tag, char value)
    {
        var span = Open(tag, 1);
        if (span.Length >= 1)
        {
            span[0] = (byte)value;
            Close(1);
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Adds an integer field.</summary>
    public void Add(int tag, long value)
    {
        var span = Open(tag, 20);
        if (span.Length > 0 && value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture))
        {
            Close(written);
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Adds a float field: up to eight decimals, trailing zeros dropped, never an exponent. Non-finite values are refused.</summary>
    public void Add(int tag, double value)
    {
        if (!double.IsFinite(value))
        {
            Overflowed = true;
            return;
        }

        // Prices and quantities fit a long in units of 1e-8: integer formatting, about ten times cheaper than "F8".
        if (Math.Abs(value) < MaxScaled)
        {
            long scaled = (long)Math.Round(value * Scale, MidpointRounding.AwayFromZero);
            AddScaled(tag, scaled);
            return;
        }

        var span = Open(tag, 40);
        if (span.Length > 0 && value.TryFormat(span, out int written, "F8", CultureInfo.InvariantCulture))
        {
            int end = written;
            while (span[end - 1] == (byte)'0')
            {
                end--;
            }

            if (span[end - 1] == (byte)'.')
            {
                end--;
            }

            if (end == 2 && span[0] == (byte)'-' && span[1] == (byte)'0')
            {
                span[0] = (byte)'0';
                end = 1;
            }

            Close(end);
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Adds a UTCTimestamp field with millisecond precision.</summary>
    public void AddTimestamp(int tag, DateTime utc)
    {
        var span = Open(tag, FixTimestamp.Length);
        if (span.Length >= FixTimestamp.Length)
        {
            // The date and time down to the second are formatted once per second; only the milliseconds each time.
            long second = utc.Ticks / TimeSpan.TicksPerSecond;
            if (second != _cachedSecond)
            {
                FixTimestamp.Write(_cachedTimestamp, utc);
                _cachedSecond = second;
            }

            _cachedTimestamp.AsSpan(0, 18).CopyTo(span);
            int millisecond = (int)(utc.Ticks / TimeSpan.TicksPerMillisecond % 1000);
            span[18] = (byte)('0' + (millisecond / 100));
            span[19] = (byte)('0' + (millisecond / 10 % 10));
            span[20] = (byte)('0' + (millisecond % 10));
            Close(FixTimestamp.Length);
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>
    /// Opens a field for a value written in place (e.g. a decision's text); finish with <see cref="CloseValue"/>.
    /// Returns the free space (empty when full). SOH must not appear in the value.
    /// </summary>
    public Span<byte> OpenValue(int tag) => Open(tag, 1);

    /// <summary>Ends a field opened with <see cref="OpenValue"/> after <paramref name="written"/> bytes (≥ 1).</summary>
    public void CloseValue(int written)
    {
        if (written <= 0)
        {
            Overflowed = true;
            return;
        }

        Close(written);
    }

    /// <summary>
    /// Places BeginString and BodyLength in front and the CheckSum behind; returns the whole message, valid until
    /// the next <see cref="Begin"/>. Empty when a field did not fit or a value was refused.
    /// </summary>
    public ReadOnlySpan<byte> Complete()
    {
        if (!_open || Overflowed || _buffer.Length - _position < FixParser.TrailerLength)
        {
            _open = false;
            return default;
        }

        _open = false;
        int bodyLength = _position - HeaderRoom;
        Span<byte> digits = stackalloc byte[8];
        bodyLength.TryFormat(digits, out int count, default, CultureInfo.InvariantCulture);
        var begin = FixParser.BeginString;
        int headerLength = begin.Length + 2 + count + 1;
        _start = HeaderRoom - headerLength;
        var header = _buffer.AsSpan(_start, headerLength);
        begin.CopyTo(header);
        header[begin.Length] = (byte)'9';
        header[begin.Length + 1] = (byte)'=';
        digits[..count].CopyTo(header[(begin.Length + 2)..]);
        header[^1] = FixParser.Soh;

        int checksum = FixChecksum.Compute(_buffer.AsSpan(_start, _position - _start));
        var trailer = _buffer.AsSpan(_position, FixParser.TrailerLength);
        trailer[0] = (byte)'1';
        trailer[1] = (byte)'0';
        trailer[2] = (byte)'=';
        trailer[3] = (byte)('0' + (checksum / 100));
        trailer[4] = (byte)('0' + (checksum / 10 % 10));
        trailer[5] = (byte)('0' + (checksum % 10));
        trailer[6] = FixParser.Soh;
        _position += FixParser.TrailerLength;
        return _buffer.AsSpan(_start, _position - _start);
    }

    private void AddScaled(int tag, long scaled)
    {
        var span = Open(tag, 28);
        if (span.Length < 28)
        {
            Overflowed = true;
            return;
        }

        int n = 0;
        ulong magnitude = (ulong)Math.Abs(scaled);
        if (scaled < 0)
        {
            span[n++] = (byte)'-';
        }

        ulong whole = magnitude / (ulong)Scale;
        ulong fraction = magnitude % (ulong)Scale;
        whole.TryFormat(span[n..], out int written, default, CultureInfo.InvariantCulture);
        n += written;
        if (fraction != 0)
        {
            span[n++] = (byte)'.';
            int digits = MaxDecimals;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            for (int i = digits - 1; i >= 0; i--)
            {
                span[n + i] = (byte)('0' + (int)(fraction % 10));
                fraction /= 10;
            }

            n += digits;
        }

        Close(n);
    }

    // Writes "tag=" and returns the space left for the value (keeping room for the SOH; the trailer and header are outside _bodyEnd).
    private Span<byte> Open(int tag, int minimum)
    {
        if (!_open || Overflowed)
        {
            Overflowed = true;
            return default;
        }

        var free = _buffer.AsSpan(_position, _bodyEnd - _position);
        if (!tag.TryFormat(free, out int written, default, CultureInfo.InvariantCulture) || free.Length - written - 1 < minimum + 1)
        {
            Overflowed = true;
            return default;
        }

        free[written] = (byte)'=';
        _position += written + 1;
        return _buffer.AsSpan(_position, free.Length - written - 2);
    }

    private static int DigitCount(int value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private void Close(int written)
    {
        _position += written;
        _buffer[_position++] = FixParser.Soh;
    }
}
