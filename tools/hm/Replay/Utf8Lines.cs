using System.Globalization;
using System.Text;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// Buffered UTF-8 output for logs of millions of lines: values are formatted straight into one large byte buffer
/// (invariant culture, no string per line) and the buffer goes to the stream when it is nearly full.
/// </summary>
internal sealed class Utf8Lines
{
    /// <summary>Room kept free before a line starts, so the fixed-size fields of one line never need a flush.</summary>
    private const int LineReserve = 4096;

    private const long NanosPerSecond = 1_000_000_000;
    private const long SecondsPerDay = 86_400;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _length;

    /// <summary>Writes to <paramref name="stream"/> through a buffer of <paramref name="bufferBytes"/>.</summary>
    public Utf8Lines(Stream stream, int bufferBytes = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 4 * LineReserve);
        _stream = stream;
        _buffer = new byte[bufferBytes];
    }

    /// <summary>Appends UTF-8 bytes.</summary>
    public Utf8Lines Append(scoped ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _buffer.Length - _length)
        {
            Flush();
            if (utf8.Length > _buffer.Length)
            {
                _stream.Write(utf8);
                return this;
            }
        }

        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
        return this;
    }

    /// <summary>Appends text (encoded as UTF-8).</summary>
    public Utf8Lines Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    /// <summary>Appends an integer.</summary>
    public Utf8Lines Append(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>Appends a number in its shortest round-trip form (the same value always gives the same bytes).</summary>
    public Utf8Lines Append(double value)
    {
        Ensure(32);
        value.TryFormat(_buffer.AsSpan(_length), out int written, "R", CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>Appends <c>true</c> or <c>false</c>.</summary>
    public Utf8Lines Append(bool value) => Append(value ? "true"u8 : "false"u8);

    /// <summary>
    /// Appends a Unix-nanosecond time as ISO-8601 UTC with nine fractional digits, e.g.
    /// <c>2026-11-24T08:00:00.000000001Z</c>. Computed by integer arithmetic (the proleptic Gregorian calendar), so
    /// the text does not depend on the culture or time zone.
    /// </summary>
    public Utf8Lines AppendTime(long unixNanos)
    {
        Ensure(32);
        long seconds = Math.DivRem(unixNanos, NanosPerSecond, out long fraction);
        if (fraction < 0)
        {
            fraction += NanosPerSecond;
            seconds--;
        }

        long days = Math.DivRem(seconds, SecondsPerDay, out long secondOfDay);
        if (secondOfDay < 0)
        {
            secondOfDay += SecondsPerDay;
            days--;
        }

        (long year, int month, int day) = CivilDate(days);
        var span = _buffer.AsSpan(_length);
        Digits(span, year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], day, 2);
        span[10] = (byte)'T';
        Digits(span[11..], secondOfDay / 3600, 2);
        span[13] = (byte)':';
        Digits(span[14..], secondOfDay / 60 % 60, 2);
        span[16] = (byte)':';
        Digits(span[17..], secondOfDay % 60, 2);
        span[19] = (byte)'.';
        Digits(span[20..], fraction, 9);
        span[29] = (byte)'Z';
        _length += 30;
        return this;
    }

    /// <summary>Ends the line, and flushes when the buffer has less than a line's reserve left.</summary>
    public void EndLine()
    {
        Ensure(1);
        _buffer[_length++] = (byte)'\n';
        if (_buffer.Length - _length < LineReserve)
        {
            Flush();
        }
    }

    /// <summary>Writes what is buffered to the stream and flushes the stream.</summary>
    public void Flush()
    {
        if (_length > 0)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }

        _stream.Flush();
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Flush();
        }
    }

    /// <summary>Writes <paramref name="value"/> (non-negative) as exactly <paramref name="width"/> decimal digits.</summary>
    private static void Digits(Span<byte> destination, long value, int width)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>The civil date of a day count since 1970-01-01 (H. Hinnant's <c>civil_from_days</c>).</summary>
    private static (long Year, int Month, int Day) CivilDate(long days)
    {
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long dayOfEra = z - (era * 146_097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long monthIndex = ((5 * dayOfYear) + 2) / 153;
        int day = (int)(dayOfYear - (((153 * monthIndex) + 2) / 5) + 1);
        int month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = (yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }
}
