using System.Globalization;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixParserErrorTests
{
    private const int Max = 4096;

    private static readonly byte[] Next = FixText.Message(FixText.HeartbeatBody);

    private static FixParseResult Parse(byte[] input, FixMessage? message = null, int max = Max) =>
        FixParser.Parse(input, message ?? new FixMessage(), max);

    private static void AssertError(FixParseResult result, FixParseError error, int length, int offset, int tag = 0) =>
        Assert.Equal(new FixParseResult(FixParseStatus.Error, error, length, offset, tag), result);

    // The header with a deliberately wrong BodyLength; the checksum is still right.
    private static byte[] WithBodyLength(string body, int delta, out int trailer)
    {
        int length = FixText.Bytes(body).Length + delta;
        string header = "8=FIX.4.4|9=" + length.ToString(CultureInfo.InvariantCulture) + "|";
        trailer = header.Length + length;
        return FixText.WithChecksum(header + body);
    }

    private static void AssertNextMessageParsesAfterDropping(byte[] input, FixParseResult result)
    {
        var rest = Parse(input[result.Length..]);
        Assert.Equal(new FixParseResult(FixParseStatus.Complete, FixParseError.None, Next.Length, 0, 0), rest);
    }

    [Fact]
    public void Garbage_before_a_message_is_dropped_exactly_up_to_its_8_FIX()
    {
        byte[] garbage = FixText.Bytes("noise\r\n|8=X|9=12|");
        byte[] input = FixText.Concat(garbage, Next);

        var result = Parse(input);

        AssertError(result, FixParseError.Garbage, garbage.Length, 0);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Fact]
    public void Garbage_starting_with_8_but_not_8_equals_is_dropped_one_byte_at_a_time_up_to_8_FIX()
    {
        byte[] input = FixText.Concat(FixText.Bytes("8"), Next);

        var result = Parse(input);

        AssertError(result, FixParseError.Garbage, 1, 0);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Fact]
    public void Garbage_without_a_message_is_dropped_except_the_last_four_bytes_that_may_start_one()
    {
        AssertError(Parse(FixText.Bytes("hello world")), FixParseError.Garbage, 7, 0);
        AssertError(Parse(FixText.Bytes("x")), FixParseError.Garbage, 1, 0);
        AssertError(Parse(FixText.Bytes("xy")), FixParseError.Garbage, 1, 0);

        byte[] input = FixText.Concat(FixText.Bytes("junk"), Next.AsSpan(0, 4).ToArray());
        var result = Parse(input);
        AssertError(result, FixParseError.Garbage, 4, 0);
        Assert.Equal(FixParseStatus.Incomplete, Parse(input[result.Length..]).Status);
    }

    [Theory]
    [InlineData("8=JUNK|9=12|")]
    [InlineData("8=|")]
    [InlineData("8=fix.4.4|")]
    public void BeginString_not_of_the_form_FIX_is_garbage_dropped_up_to_the_next_message(string garbage)
    {
        byte[] input = FixText.Concat(FixText.Bytes(garbage), Next);

        var result = Parse(input);

        AssertError(result, FixParseError.Garbage, garbage.Length, 0);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData("FIX.4.2", 8)]
    [InlineData("FIXT.1.1", 5)]
    [InlineData("FIX.4.44", 9)]
    public void Wrong_BeginString_is_refused_at_its_value_and_dropped_up_to_the_next_message(string beginString, int firstDifferent)
    {
        string body = FixText.HeartbeatBody;
        byte[] bad = FixText.WithChecksum($"8={beginString}|9={FixText.Bytes(body).Length}|{body}");
        byte[] input = FixText.Concat(bad, Next);

        // Refused as soon as the first differing byte arrives, not after the whole message.
        for (int k = 0; k < firstDifferent; k++)
        {
            Assert.Equal(FixParseStatus.Incomplete, Parse(input[..k]).Status);
        }

        Assert.Equal(FixParseError.BeginStringInvalid, Parse(input[..(firstDifferent + 1)]).Error);

        var result = Parse(input);
        AssertError(result, FixParseError.BeginStringInvalid, bad.Length, 2);
        Assert.False(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData("8=FIX.4.4|35=0|34=1|", 10)] // missing: the second field is not 9
    [InlineData("8=FIX.4.4|9=|35=0|34=1|", 12)] // empty
    [InlineData("8=FIX.4.4|9=1x|35=0|34=1|", 13)] // not a number
    [InlineData("8=FIX.4.4|9=-5|35=0|34=1|", 12)] // negative
    [InlineData("8=FIX.4.4|9= 5|35=0|34=1|", 12)] // padded
    [InlineData("8=FIX.4.4|9=00000010|35=0|34=1|", 19)] // more than seven digits
    public void Missing_or_non_numeric_BodyLength_is_a_framing_error_at_the_offending_byte(string headerAndBody, int offset)
    {
        byte[] bad = FixText.WithChecksum(headerAndBody);
        byte[] input = FixText.Concat(bad, Next);

        var result = Parse(input);

        AssertError(result, FixParseError.BodyLengthInvalid, bad.Length, offset);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-3)]
    [InlineData(-7)]
    public void BodyLength_too_short_is_a_framing_error_where_the_trailer_should_be(int delta)
    {
        byte[] bad = WithBodyLength(FixText.NewOrderSingleBody, delta, out int trailer);
        byte[] input = FixText.Concat(bad, Next);

        var result = Parse(input);

        AssertError(result, FixParseError.BodyLengthInvalid, bad.Length, trailer);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(30)]
    public void BodyLength_too_long_waits_for_the_declared_bytes_then_is_a_framing_error_where_the_trailer_should_be(int delta)
    {
        byte[] bad = WithBodyLength(FixText.NewOrderSingleBody, delta, out int trailer);
        byte[] input = FixText.Concat(bad, Next);

        Assert.Equal(FixParseStatus.Incomplete, Parse(bad).Status);
        Assert.Equal(FixParseStatus.Incomplete, Parse(input[..(trailer + FixParser.TrailerLength - 1)]).Status);

        var result = Parse(input);

        AssertError(result, FixParseError.BodyLengthInvalid, bad.Length, trailer);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData("1a3")]
    [InlineData(" 12")]
    [InlineData("-12")]
    [InlineData("::0")]
    public void Malformed_checksum_digits_are_a_framing_error_at_the_checksum_value(string digits)
    {
        byte[] bad = FixText.Bytes("8=FIX.4.4|9=5|35=0|10=" + digits + "|");
        byte[] input = FixText.Concat(bad, Next);

        var result = Parse(input);

        AssertError(result, FixParseError.ChecksumInvalid, bad.Length, bad.Length - 4);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(128)]
    public void Wrong_checksum_value_is_a_framing_error_at_the_checksum_value(int wrongBy)
    {
        byte[] good = FixText.Message(FixText.NewOrderSingleBody);
        int sum = FixText.Sum(good.AsSpan(0, good.Length - 7));
        byte[] bad = FixText.Concat(good[..^7], FixText.Bytes("10=" + ((sum + wrongBy) % 256).ToString("D3", CultureInfo.InvariantCulture) + "|"));
        byte[] input = FixText.Concat(bad, Next);

        var result = Parse(input);

        AssertError(result, FixParseError.ChecksumInvalid, bad.Length, bad.Length - 4);
        Assert.True(result.IsGarbled);
        AssertNextMessageParsesAfterDropping(input, result);
    }

    [Theory]
    [InlineData("055=ESZ4|", 0)] // leading zero
    [InlineData("0=ESZ4|", 0)] // zero
    [InlineData("5a=ESZ4|", 1)] // not a digit
    [InlineData("55ESZ4|", 2)] // no '=' before the value
    [InlineData("55|", 2)] // no '=' before the SOH
    [InlineData("=ESZ4|", 0)] // no tag
    [InlineData("-55=ESZ4|", 0)] // negative
    [InlineData("1234567890=x|", 9)] // ten digits
    public void Invalid_tag_is_a_content_error_at_the_offending_byte(string field, int offsetInField)
    {
        byte[] bad = FixText.Message("35=D|34=2|" + field + "54=1|");
        int fieldStart = FixText.IndexOf(bad, "|34=2|") + 6;

        var result = Parse(bad);

        AssertError(result, FixParseError.TagInvalid, bad.Length, fieldStart + offsetInField);
        Assert.False(result.IsGarbled);
    }

    [Fact]
    public void Empty_value_is_a_content_error_naming_its_tag_with_the_other_fields_indexed()
    {
        byte[] bad = FixText.Message("35=D|34=2|58=|55=ESZ4|");
        var message = new FixMessage();

        var result = Parse(bad, message);

        AssertError(result, FixParseError.ValueEmpty, bad.Length, FixText.IndexOf(bad, "58=|"), FixTag.Text);
        Assert.False(result.IsGarbled);
        Assert.False(message.Has(FixTag.Text));
        Assert.Equal("ESZ4", FixText.Text(message.Get(FixTag.Symbol)));
        Assert.Equal(2, message.MsgSeqNum);
    }

    [Fact]
    public void Duplicate_tag_is_a_content_error_naming_its_tag_at_the_second_occurrence()
    {
        byte[] bad = FixText.Message("35=D|34=2|55=ESZ4|54=1|55=ESH5|");
        var message = new FixMessage();

        var result = Parse(bad, message);

        AssertError(result, FixParseError.DuplicateTag, bad.Length, FixText.IndexOf(bad, "55=ESH5"), FixTag.Symbol);
        Assert.False(result.IsGarbled);
        Assert.Equal("ESZ4", FixText.Text(message.Get(FixTag.Symbol)));
        Assert.True(message.IsType((byte)'D'));
        Assert.Equal(2, message.MsgSeqNum);
    }

    [Fact]
    public void Duplicate_of_a_user_defined_tag_is_detected()
    {
        byte[] bad = FixText.Message("35=D|34=2|5001=a|5001=b|");

        AssertError(Parse(bad), FixParseError.DuplicateTag, bad.Length, FixText.IndexOf(bad, "5001=b"), 5001);
    }

    [Fact]
    public void First_content_error_is_reported_when_there_are_several()
    {
        byte[] bad = FixText.Message("35=D|34=2|55=A|58=|55=B|");

        AssertError(Parse(bad), FixParseError.ValueEmpty, bad.Length, FixText.IndexOf(bad, "58=|"), FixTag.Text);
    }

    [Theory]
    [InlineData("34=2|35=D|55=ESZ4|")]
    [InlineData("34=2|55=ESZ4|")]
    public void MsgType_not_the_third_field_is_garbled_naming_the_field_found_there(string body)
    {
        byte[] bad = FixText.Message(body);
        var message = new FixMessage();

        var result = Parse(bad, message);

        AssertError(result, FixParseError.HeaderOutOfOrder, bad.Length, FixText.IndexOf(bad, "|34=2|") + 1, FixTag.MsgSeqNum);
        Assert.True(result.IsGarbled);
        Assert.Equal(2, message.MsgSeqNum);
    }

    [Fact]
    public void More_fields_than_the_capacity_is_a_content_error_at_the_first_field_that_does_not_fit()
    {
        byte[] bad = FixText.Message(FixText.HeartbeatBody);
        var message = new FixMessage(maxFields: 6);

        var result = Parse(bad, message);

        AssertError(result, FixParseError.TooManyFields, bad.Length, FixText.IndexOf(bad, "|52=") + 1, FixTag.SendingTime);
        Assert.False(result.IsGarbled);
    }

    [Fact]
    public void Declared_size_above_the_maximum_is_refused_before_the_body_arrives()
    {
        byte[] header = FixText.Bytes("8=FIX.4.4|9=5000|");

        // Not refused while the BodyLength digits may still be coming.
        Assert.Equal(FixParseStatus.Incomplete, Parse(header[..^1]).Status);

        // Offset: the SOH ending BodyLength (the first byte at which the size is known); Length: what is buffered.
        var result = Parse(header);
        AssertError(result, FixParseError.MessageTooLarge, header.Length, header.Length - 1);
        Assert.False(result.IsGarbled);
    }

    [Fact]
    public void Message_one_byte_above_the_maximum_is_refused()
    {
        byte[] raw = FixText.Message(FixText.NewOrderSingleBody);
        int bodyLengthEnd = FixText.IndexOf(raw, "|35=D");

        AssertError(Parse(raw, max: raw.Length - 1), FixParseError.MessageTooLarge, raw.Length, bodyLengthEnd);
    }

    [Fact]
    public void IsGarbled_is_true_exactly_for_the_framing_errors()
    {
        byte[] tooLarge = FixText.Bytes("8=FIX.4.4|9=5000|");
        var cases = new (FixParseError Error, byte[] Input, int Capacity)[]
        {
            (FixParseError.Garbage, FixText.Concat(FixText.Bytes("xx"), Next), 256),
            (FixParseError.BeginStringInvalid, FixText.Message(FixText.HeartbeatBody).Select(b => b == (byte)'4' ? (byte)'2' : b).ToArray(), 256),
            (FixParseError.BodyLengthInvalid, WithBodyLength(FixText.HeartbeatBody, -2, out _), 256),
            (FixParseError.MessageTooLarge, tooLarge, 256),
            (FixParseError.ChecksumInvalid, FixText.Bytes("8=FIX.4.4|9=5|35=0|10=000|"), 256),
            (FixParseError.TagInvalid, FixText.Message("35=0|x=1|"), 256),
            (FixParseError.ValueEmpty, FixText.Message("35=0|58=|"), 256),
            (FixParseError.DuplicateTag, FixText.Message("35=0|58=a|58=b|"), 256),
            (FixParseError.HeaderOutOfOrder, FixText.Message("34=1|35=0|"), 256),
            (FixParseError.TooManyFields, FixText.Message(FixText.HeartbeatBody), 4),
        };

        Assert.Equal(Enum.GetValues<FixParseError>().Length - 1, cases.Length);
        foreach (var (error, input, capacity) in cases)
        {
            var result = Parse(input, new FixMessage(capacity));
            Assert.True(result.Status == FixParseStatus.Error && result.Error == error, $"{error}: got {result}");
            bool framing = error is FixParseError.Garbage or FixParseError.BodyLengthInvalid or FixParseError.ChecksumInvalid or FixParseError.HeaderOutOfOrder;
            Assert.True(framing == result.IsGarbled, $"{error}: IsGarbled {result.IsGarbled}");
        }

        Assert.False(default(FixParseResult).IsGarbled);
        Assert.False(FixParser.Parse(Next, new FixMessage(), Max).IsGarbled);
    }
}
