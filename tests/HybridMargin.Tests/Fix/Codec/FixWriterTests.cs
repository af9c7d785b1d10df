using System.Globalization;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixWriterTests
{
    private const int Max = 8192;

    private static readonly DateTime Time = new(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    // The frame checked without the codec: BodyLength counts the bytes from after its SOH up to "10=", CheckSum sums those before.
    private static void AssertFramed(ReadOnlySpan<byte> message)
    {
        string text = FixText.Text(message);
        Assert.StartsWith("8=FIX.4.4|9=", text, StringComparison.Ordinal);
        int bodyStart = text.IndexOf('|', 12) + 1;
        int trailer = text.Length - FixParser.TrailerLength;
        Assert.Equal("10=", text.Substring(trailer, 3));
        Assert.EndsWith("|", text, StringComparison.Ordinal);
        Assert.Equal(trailer - bodyStart, int.Parse(text.AsSpan(12, bodyStart - 13), CultureInfo.InvariantCulture));
        Assert.Equal(FixText.Sum(message[..trailer]).ToString("D3", CultureInfo.InvariantCulture), text.Substring(trailer + 3, 3));
    }

    private static FixMessage ParseComplete(ReadOnlySpan<byte> written, int max = Max)
    {
        byte[] copy = written.ToArray();
        var message = new FixMessage();
        var result = FixParser.Parse(copy, message, max);
        Assert.True(result == new FixParseResult(FixParseStatus.Complete, FixParseError.None, copy.Length, 0, 0), $"{FixText.Text(copy)} -> {result}");
        return message;
    }

    private static string WriteDouble(double value)
    {
        var writer = new FixWriter();
        writer.Begin("D"u8);
        writer.Add(FixTag.Price, value);
        var message = ParseComplete(writer.Complete());
        return FixText.Text(message.Get(FixTag.Price));
    }

    [Fact]
    public void Writes_a_NewOrderSingle_that_parses_back_with_the_same_values()
    {
        var writer = new FixWriter();

        writer.Begin("D"u8);
        writer.Add(FixTag.MsgSeqNum, 7L);
        writer.Add(FixTag.SenderCompId, "CLIENT"u8);
        writer.AddTimestamp(FixTag.SendingTime, Time);
        writer.Add(FixTag.PossDupFlag, 'Y');
        writer.Add(FixTag.ClOrdId, "ORD-1"u8);
        writer.Add(FixTag.Side, '1');
        writer.Add(FixTag.OrderQty, 10L);
        writer.Add(FixTag.Price, 4512.25);
        writer.Add(5001, -42L);
        var written = writer.Complete();

        Assert.False(writer.Overflowed);
        Assert.Equal(
            FixText.Text(FixText.Message("35=D|34=7|49=CLIENT|52=20240102-03:04:05.678|43=Y|11=ORD-1|54=1|38=10|44=4512.25|5001=-42|")),
            FixText.Text(written));
        AssertFramed(written);
        var message = ParseComplete(written);
        Assert.True(message.IsType((byte)'D'));
        Assert.Equal(7, message.MsgSeqNum);
        Assert.True(message.PossDup);
        Assert.Equal("ORD-1", FixText.Text(message.Get(FixTag.ClOrdId)));
        Assert.True(FixValue.TryParseInt(message.Get(FixTag.OrderQty), out long qty));
        Assert.Equal(10, qty);
        Assert.True(FixValue.TryParseDecimal(message.Get(FixTag.Price), out double price));
        Assert.Equal(4512.25, price);
        Assert.True(FixTimestamp.TryParse(message.Get(FixTag.SendingTime), out long nanos));
        Assert.Equal((Time.Ticks - DateTime.UnixEpoch.Ticks) * 100, nanos);
        Assert.True(FixValue.TryParseInt(message.Get(5001), out long user));
        Assert.Equal(-42, user);
    }

    [Fact]
    public void Message_of_MsgType_only_is_framed()
    {
        var writer = new FixWriter();
        writer.Begin("0"u8);

        var written = writer.Complete();

        Assert.Equal(FixText.Text(FixText.Message("35=0|")), FixText.Text(written));
    }

    [Fact]
    public void Body_of_five_digit_length_is_framed()
    {
        var writer = new FixWriter(20_000);
        writer.Begin("B"u8);
        writer.Add(FixTag.Text, new string('x', 12_000).Select(c => (byte)c).ToArray());

        var written = writer.Complete();

        AssertFramed(written);
        Assert.StartsWith("8=FIX.4.4|9=12009|", FixText.Text(written), StringComparison.Ordinal);
        Assert.Equal(12_000, ParseComplete(written, 20_000).Get(FixTag.Text).Length);
    }

    [Theory]
    [InlineData(90000.0, "90000")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1e-9, "0")]
    [InlineData(-0.000000001, "0")]
    [InlineData(0.0, "0")]
    [InlineData(10.0, "10")]
    [InlineData(100.5, "100.5")]
    [InlineData(4512.25, "4512.25")]
    [InlineData(-1234.5678, "-1234.5678")]
    [InlineData(0.00000001, "0.00000001")]
    [InlineData(123.456789012, "123.45678901")]
    [InlineData(1e15, "1000000000000000")]
    public void Double_is_written_with_up_to_eight_decimals_without_trailing_zeros_exponent_or_negative_zero(double value, string expected)
    {
        Assert.Equal(expected, WriteDouble(value));
    }

    [Fact]
    public void Negative_zero_is_written_as_0()
    {
        Assert.Equal("0", WriteDouble(-0.0));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_double_overflows_the_message_and_Complete_is_empty(double value)
    {
        var writer = new FixWriter();
        writer.Begin("D"u8);
        writer.Add(FixTag.OrderQty, 10L);

        writer.Add(FixTag.Price, value);

        Assert.True(writer.Overflowed);
        Assert.True(writer.Complete().IsEmpty);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Long_is_written_in_invariant_digits(long value, string expected)
    {
        var writer = new FixWriter();
        writer.Begin("D"u8);
        writer.Add(FixTag.OrderQty, value);

        Assert.Equal(expected, FixText.Text(ParseComplete(writer.Complete()).Get(FixTag.OrderQty)));
    }

    [Fact]
    public void Field_too_long_for_a_small_writer_overflows_and_Complete_is_empty_not_a_corrupt_message()
    {
        var writer = new FixWriter(128);
        writer.Begin("D"u8);
        writer.Add(FixTag.ClOrdId, "ORD-1"u8);

        writer.Add(FixTag.Text, new byte[200].Select(_ => (byte)'x').ToArray());
        writer.Add(FixTag.Side, '1');

        Assert.True(writer.Overflowed);
        Assert.True(writer.Complete().IsEmpty);
    }

    [Fact]
    public void Every_message_a_small_writer_completes_fits_its_maximum_and_parses()
    {
        const int Small = 128;
        var writer = new FixWriter(Small);
        int longest = 0;
        for (int length = 1; length <= 200; length++)
        {
            writer.Begin("D"u8);
            writer.Add(FixTag.Text, Enumerable.Repeat((byte)'x', length).ToArray());
            var written = writer.Complete();
            if (written.IsEmpty)
            {
                Assert.True(writer.Overflowed, $"value of {length}: empty without overflow");
                continue;
            }

            Assert.False(writer.Overflowed);
            Assert.True(written.Length <= Small, $"value of {length}: {written.Length} bytes > {Small}: {FixText.Text(written)}");
            AssertFramed(written);
            ParseComplete(written, Small);
            longest = Math.Max(longest, written.Length);
        }

        // The limit is the whole message, not more and not much less.
        Assert.Equal(Small, longest);
    }

    [Fact]
    public void Many_small_fields_overflow_a_small_writer_before_exceeding_its_maximum()
    {
        const int Small = 128;
        var writer = new FixWriter(Small);
        for (int fields = 1; fields < 40; fields++)
        {
            writer.Begin("D"u8);
            for (int i = 0; i < fields; i++)
            {
                writer.Add(5000 + i, 1234L);
            }

            var written = writer.Complete();
            Assert.True(written.IsEmpty == writer.Overflowed, $"{fields} fields");
            if (!written.IsEmpty)
            {
                Assert.True(written.Length <= Small, $"{fields} fields: {written.Length} bytes");
                Assert.Equal(fields + 4, ParseComplete(written, Small).Count);
            }
        }
    }

    [Fact]
    public void Empty_byte_value_overflows_the_message()
    {
        var writer = new FixWriter();
        writer.Begin("D"u8);

        writer.Add(FixTag.Text, ReadOnlySpan<byte>.Empty);

        Assert.True(writer.Overflowed);
        Assert.True(writer.Complete().IsEmpty);
    }

    [Fact]
    public void Value_written_in_place_between_OpenValue_and_CloseValue_parses_back()
    {
        var writer = new FixWriter();
        writer.Begin("j"u8);
        writer.Add(FixTag.RefSeqNum, 12L);

        var space = writer.OpenValue(FixTag.Text);
        Assert.True(space.Length > 100);
        "margin: limit breached"u8.CopyTo(space);
        writer.CloseValue("margin: limit breached".Length);
        writer.Add(FixTag.BusinessRejectReason, 99L);
        var written = writer.Complete();

        Assert.Equal(FixText.Text(FixText.Message("35=j|45=12|58=margin: limit breached|380=99|")), FixText.Text(written));
    }

    [Fact]
    public void Whole_space_given_by_OpenValue_fits_a_small_writer()
    {
        const int Small = 128;
        var writer = new FixWriter(Small);
        writer.Begin("j"u8);

        var space = writer.OpenValue(FixTag.Text);
        space.Fill((byte)'x');
        writer.CloseValue(space.Length);
        var written = writer.Complete();

        Assert.False(written.IsEmpty);
        Assert.True(written.Length <= Small, $"{written.Length} bytes");
        Assert.Equal(space.Length, ParseComplete(written, Small).Get(FixTag.Text).Length);
    }

    [Fact]
    public void CloseValue_of_nothing_overflows_the_message()
    {
        var writer = new FixWriter();
        writer.Begin("j"u8);
        writer.OpenValue(FixTag.Text);

        writer.CloseValue(0);

        Assert.True(writer.Overflowed);
        Assert.True(writer.Complete().IsEmpty);
    }

    [Fact]
    public void OpenValue_on_an_overflowed_writer_gives_no_space()
    {
        var writer = new FixWriter();
        writer.Begin("D"u8);
        writer.Add(FixTag.Price, double.NaN);

        Assert.True(writer.OpenValue(FixTag.Text).IsEmpty);
        Assert.True(writer.Overflowed);
    }

    [Fact]
    public void Writer_is_reused_across_messages_without_leftovers()
    {
        var writer = new FixWriter();
        writer.Begin("D"u8);
        writer.Add(FixTag.Text, "a long text that the next message must not contain"u8);
        writer.Add(FixTag.Price, double.NaN);
        Assert.True(writer.Complete().IsEmpty);

        writer.Begin("D"u8);
        writer.Add(FixTag.Text, "first"u8);
        writer.Add(FixTag.Price, 1.5);
        Assert.Equal(FixText.Text(FixText.Message("35=D|58=first|44=1.5|")), FixText.Text(writer.Complete()));

        writer.Begin("0"u8);
        writer.Add(FixTag.MsgSeqNum, 9L);
        Assert.False(writer.Overflowed);
        Assert.Equal(FixText.Text(FixText.Message("35=0|34=9|")), FixText.Text(writer.Complete()));
    }

    [Fact]
    public void Complete_is_empty_when_called_twice_or_without_Begin_and_Add_after_Complete_overflows()
    {
        var writer = new FixWriter();
        Assert.True(writer.Complete().IsEmpty);

        writer.Begin("0"u8);
        Assert.False(writer.Complete().IsEmpty);
        Assert.True(writer.Complete().IsEmpty);

        writer.Add(FixTag.MsgSeqNum, 1L);
        Assert.True(writer.Overflowed);
        Assert.True(writer.Complete().IsEmpty);
    }
}
