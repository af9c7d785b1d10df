namespace HybridMargin.Fix.Codec;

/// <summary>UTCTimestamp values (<c>YYYYMMDD-HH:MM:SS[.sss|.ssssss|.sssssssss]</c>) read and written without strings.</summary>
public static class FixTimestamp
{
    /// <summary>Bytes written by <see cref="Write"/> (milliseconds precision).</summary>
    public const int Length = 21;

    /// <summary>Writes <paramref name="utc"/> with millisecond precision; returns the bytes written (always <see cref="Length"/>).</summary>
    public static int Write(Span<byte> destination, DateTime utc)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        Digits(destination[..4], utc.Year);
        Digits(destination.Slice(4, 2), utc.Month);
        Digits(destination.Slice(6, 2), utc.Day);
        destination[8] = (byte)'-';
        Digits(destination.Slice(9, 2), utc.Hour);
        destination[11] = (byte)':';
        Digits(destination.Slice(12, 2), utc.Minute);
        destination[14] = (byte)':';
        Digits(destination.Slice(15, 2), utc.Second);
        destination[17] = (byte)'.';
        Digits(destination.Slice(18, 3), utc.Millisecond);
        return Length;
    }

    /// <summary>Parses a UTCTimestamp into Unix nanoseconds; false for anything malformed or out of range.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out long unixNanos)
    {
        unixNanos = 0;
        if (value.Length < 17 || value[8] != (byte)'-' || value[11] != (byte)':' || value[14] != (byte)':')
        {
            return false;
        }

        int century = Two(value, 0), yearOfCentury = Two(value, 2), month = Two(value, 4), day = Two(value, 6);
        int hour = Two(value, 9), minute = Two(value, 12), second = Two(value, 15);
        if ((century | yearOfCentury | month | day | hour | minute | second) < 0)
        {
            return false;
        }

        int year = (century * 100) + yearOfCentury;

        long fractionNanos = 0;
        if (value.Length > 17)
        {
            int digits = value.Length - 18;
            if (value[17] != (byte)'.' || (digits != 3 && digits != 6 && digits != 9) || !Number(value[18..], out int fraction))
            {
                return false;
            }

            fractionNanos = digits switch { 3 => fraction * 1_000_000L, 6 => fraction * 1_000L, _ => fraction };
        }

        // Leap second 60 is legal FIX; it is folded into the next second's start.
        if (year < 1970 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        long minuteTicks = ((((DaysFromCivil(year, month, day) * 24L) + hour) * 60) + minute) * TimeSpan.TicksPerMinute;
        long withinMinute = (second * 1_000_000_000L) + fractionNanos;

        // Unix nanoseconds end in April 2262: later timestamps are out of range, not wrapped around to negative values.
        if (minuteTicks > (long.MaxValue - withinMinute) / 100)
        {
            return false;
        }

        unixNanos = (minuteTicks * 100) + withinMinute;
        return true;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic: no DateTime on the parse path).</summary>
    internal static long DaysFromCivil(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yearOfEra = y - (era * 400);
        int dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097L) + dayOfEra - 719468;
    }

    // Two digits at a fixed place, or -1.
    private static int Two(ReadOnlySpan<byte> value, int at)
    {
        uint tens = (uint)(value[at] - '0');
        uint ones = (uint)(value[at + 1] - '0');
        return tens > 9 || ones > 9 ? -1 : (int)((tens * 10) + ones);
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
