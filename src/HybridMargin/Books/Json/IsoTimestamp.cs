using System.Globalization;

namespace HybridMargin.Books.Json;

/// <summary>
/// ISO-8601 date-times with an explicit offset or Z. A time without an offset would be read in the machine's
/// local zone and move every time to expiry by hours, so it is an error rather than a guess.
/// </summary>
internal static class IsoTimestamp
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mmzzz",
    ];

    public static DateTimeOffset Parse(string text, string path)
    {
        // AssumeUniversal only gives the literal 'Z' its meaning; the zzz formats carry their own offset.
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        throw new BookException(path, $"not an ISO-8601 date-time with offset (e.g. 2026-11-24T00:00:00Z): '{text}'");
    }
}
