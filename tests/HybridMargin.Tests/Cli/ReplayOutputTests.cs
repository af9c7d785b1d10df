using System.Globalization;
using System.Text;
using HybridMargin.Cli.Replay;

namespace HybridMargin.Tests.Cli;

public class ReplayOutputTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(1_790_000_000_123_456_789L)]
    [InlineData(951_782_400_000_000_000L)]
    [InlineData(4_107_542_399_999_999_999L)]
    [InlineData(-2_208_988_800_000_000_001L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Times_are_written_as_iso_8601_utc_with_nine_fractional_digits(long unixNanos)
    {
        // The calendar comes from DateTimeOffset; only the split into whole seconds and a non-negative fraction is redone here.
        long seconds = Math.DivRem(unixNanos, 1_000_000_000, out long fraction);
        if (fraction < 0)
        {
            fraction += 1_000_000_000;
            seconds--;
        }

        string expected = DateTimeOffset.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            + "." + fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
        using var stream = new MemoryStream();
        var lines = new Utf8Lines(stream);

        lines.AppendTime(unixNanos).Flush();

        Assert.Equal(expected, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Numbers_are_written_in_their_shortest_round_trip_form()
    {
        using var stream = new MemoryStream();
        var lines = new Utf8Lines(stream);

        lines.Append(0.1).Append(" "u8).Append(1e-8).Append(" "u8).Append(91_000.0).Append(" "u8).Append(-1L).Append(" "u8).Append(double.NaN).Flush();

        Assert.Equal("0.1 1E-08 91000 -1 NaN", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Lines_longer_than_the_buffer_reach_the_stream_whole_and_in_order()
    {
        using var stream = new MemoryStream();
        var lines = new Utf8Lines(stream, bufferBytes: 16 << 10);
        string longText = new('x', 40_000);

        for (int i = 0; i < 3; i++)
        {
            lines.Append("line "u8).Append(i).Append(" "u8).Append(longText);
            lines.EndLine();
        }

        lines.Flush();

        Assert.Equal(string.Concat(Enumerable.Range(0, 3).Select(i => $"line {i} {longText}\n")), Encoding.UTF8.GetString(stream.ToArray()));
    }
}
