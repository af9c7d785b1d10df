using System.Text;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixTimestampTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static long UnixNanos(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    [Fact]
    public void Writes_millisecond_precision_in_FIX_format()
    {
        byte[] buffer = new byte[FixTimestamp.Length + 5];

        int written = FixTimestamp.Write(buffer, new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9999));

        Assert.Equal(FixTimestamp.Length, written);
        Assert.Equal("20240102-03:04:05.678", Encoding.ASCII.GetString(buffer, 0, written));
    }

    [Fact]
    public void Write_to_a_too_small_destination_writes_nothing()
    {
        byte[] buffer = new byte[FixTimestamp.Length - 1];

        Assert.Equal(0, FixTimestamp.Write(buffer, DateTime.UnixEpoch));
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Random_timestamps_round_trip_through_Write_and_TryParse_to_unix_nanoseconds()
    {
        var rng = new Random(86400);
        long min = DateTime.UnixEpoch.Ticks;
        long max = new DateTime(2262, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        byte[] buffer = new byte[FixTimestamp.Length];
        for (int trial = 0; trial < 20_000; trial++)
        {
            long ticks = min + (long)(rng.NextDouble() * (max - min));
            ticks -= ticks % TimeSpan.TicksPerMillisecond;
            var utc = new DateTime(ticks, DateTimeKind.Utc);

            Assert.Equal(FixTimestamp.Length, FixTimestamp.Write(buffer, utc));
            Assert.True(FixTimestamp.TryParse(buffer, out long nanos), Encoding.ASCII.GetString(buffer));
            Assert.True(UnixNanos(utc) == nanos, $"{utc:O}: {Encoding.ASCII.GetString(buffer)} -> {nanos}");
        }
    }

    [Theory]
    [InlineData("20240102-03:04:05", 0L)]
    [InlineData("20240102-03:04:05.123", 123_000_000L)]
    [InlineData("20240102-03:04:05.123456", 123_456_000L)]
    [InlineData("20240102-03:04:05.123456789", 123_456_789L)]
    [InlineData("20240102-03:04:05.000000001", 1L)]
    [InlineData("20240102-03:04:05.999", 999_000_000L)]
    public void Parses_no_fraction_or_three_six_or_nine_fraction_digits(string text, long fractionNanos)
    {
        long whole = UnixNanos(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));

        Assert.True(FixTimestamp.TryParse(Ascii(text), out long nanos), text);
        Assert.Equal(whole + fractionNanos, nanos);
    }

    [Theory]
    [InlineData("19700101-00:00:00", "1970-01-01T00:00:00")]
    [InlineData("20240229-23:59:59", "2024-02-29T23:59:59")]
    [InlineData("20000229-12:00:00", "2000-02-29T12:00:00")]
    [InlineData("20231231-23:59:60", "2024-01-01T00:00:00")]
    public void Parses_calendar_edges_and_folds_a_leap_second_into_the_next_second(string text, string expected)
    {
        var utc = DateTime.SpecifyKind(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

        Assert.True(FixTimestamp.TryParse(Ascii(text), out long nanos), text);
        Assert.Equal(UnixNanos(utc), nanos);
    }

    [Theory]
    [InlineData("20230230-03:04:05")] // 30 February
    [InlineData("20230229-03:04:05")] // not a leap year
    [InlineData("21000229-03:04:05")] // not a leap year either
    [InlineData("20230431-03:04:05")] // 31 April
    [InlineData("20231301-03:04:05")] // month 13
    [InlineData("20230001-03:04:05")] // month 0
    [InlineData("20230100-03:04:05")] // day 0
    [InlineData("20230101-24:00:00")] // hour 24
    [InlineData("20230101-23:60:00")] // minute 60
    [InlineData("20230101-23:59:61")] // second 61
    [InlineData("19691231-23:59:59")] // before the epoch
    [InlineData("20230101T03:04:05")] // ISO separator
    [InlineData("20230101 03:04:05")]
    [InlineData("20230101-03.04.05")]
    [InlineData("20230101-03:04-05")]
    [InlineData("2023-01-01-03:04:05")]
    [InlineData("20230101-03:04:05,123")] // comma
    [InlineData("20230101-03:04:05.12")] // two fraction digits
    [InlineData("20230101-03:04:05.1")]
    [InlineData("20230101-03:04:05.1234")]
    [InlineData("20230101-03:04:05.1234567890")]
    [InlineData("20230101-03:04:05.")]
    [InlineData("20230101-03:04:05.12a")]
    [InlineData("20230101-03:04:5")]
    [InlineData("20230101-3:04:05")]
    [InlineData("2023010-03:04:05")]
    [InlineData("20230101-03:04:05Z")]
    [InlineData("20230101-03:04:-5")]
    [InlineData("2023a101-03:04:05")]
    [InlineData("")]
    public void Refuses_malformed_or_out_of_range_timestamps(string text)
    {
        Assert.False(FixTimestamp.TryParse(Ascii(text), out long nanos), text);
        Assert.Equal(0, nanos);
    }

    [Fact]
    public void Parses_the_last_representable_unix_nanosecond()
    {
        Assert.True(FixTimestamp.TryParse(Ascii("22620411-23:47:16.854775807"), out long nanos));
        Assert.Equal(long.MaxValue, nanos);
    }

    [Theory]
    [InlineData("22620411-23:47:16.854775808")]
    [InlineData("22620411-23:47:17")]
    [InlineData("22620412-00:00:00")]
    [InlineData("23000101-00:00:00")]
    [InlineData("99991231-23:59:60.999999999")]
    public void Refuses_timestamps_beyond_the_range_of_unix_nanoseconds(string text)
    {
        Assert.False(FixTimestamp.TryParse(Ascii(text), out long nanos), $"{text} -> {nanos}");
        Assert.Equal(0, nanos);
    }
}
