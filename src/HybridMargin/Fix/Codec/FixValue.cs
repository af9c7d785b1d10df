using System.Globalization;

namespace HybridMargin.Fix.Codec;

/// <summary>Strict readers for FIX value types straight from the bytes (no strings).</summary>
public static class FixValue
{
    private const int MaxIntDigits = 18;

    // 10^0 … 10^22 are exact doubles, so mantissa / 10^k is correctly rounded for mantissas below 2^53.
    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>An INT/SEQNUM/LENGTH: optional minus sign and 1–18 digits, nothing else.</summary>
    public static bool TryParseInt(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        int i = 0;
        bool negative = false;
        if (value.Length > 0 && value[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        int digits = value.Length - i;
        if (digits <= 0 || digits > MaxIntDigits)
        {
            return false;
        }

        long n = 0;
        for (; i < value.Length; i++)
        {
            uint d = (uint)(value[i] - '0');
            if (d > 9)
            {
                return false;
            }

            n = (n * 10) + d;
        }

        result = negative ? -n : n;
        return true;
    }

    /// <summary>A FIX float (Qty, Price, Amt): optional minus, digits, optional point and digits; no exponent, at least one digit.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, out double result)
    {
        result = 0;
        int i = 0;
        bool negative = false;
        if (value.Length > 0 && value[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        long mantissa = 0;
        int significant = 0;
        int fraction = -1;
        bool anyDigit = false;
        bool exact = true;
        for (; i < value.Length; i++)
        {
            byte b = value[i];
            if (b == (byte)'.')
            {
                if (fraction >= 0)
                {
                    return false;
                }

                fraction = 0;
                continue;
            }

            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            anyDigit = true;
            if (fraction >= 0)
            {
                fraction++;
            }

            if (mantissa == 0 && d == 0)
            {
                continue;
            }

            if (significant == 15)
            {
                exact = false;
                continue;
            }

            mantissa = (mantissa * 10) + d;
            significant++;
        }

        if (!anyDigit)
        {
            return false;
        }

        int scale = Math.Max(fraction, 0);
        if (exact && scale < PowersOfTen.Length)
        {
            result = mantissa / PowersOfTen[scale];
            result = negative ? -result : result;
            return true;
        }

        // Rare: more than 15 significant digits; the runtime's parser rounds correctly.
        return double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>A Boolean: exactly Y or N.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<byte> value, out bool result)
    {
        result = value.Length == 1 && value[0] == (byte)'Y';
        return value.Length == 1 && (value[0] == (byte)'Y' || value[0] == (byte)'N');
    }
}
