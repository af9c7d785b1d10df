using System.Globalization;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixParserTests
{
    private const int Max = 4096;

    private static void AssertComplete(FixParseResult result, int length, string where = "")
    {
        Assert.True(
            result == new FixParseResult(FixParseStatus.Complete, FixParseError.None, length, 0, 0),
            $"{where}: expected Complete of {length} bytes, got {result}");
    }

    // Every field of the message, by position and by tag, against the codec-free split of its bytes.
    private static void AssertFields(byte[] raw, FixMessage message)
    {
        Assert.Equal(FixText.Text(raw), FixText.Text(message.Raw));
        var expected = FixText.Fields(raw);
        Assert.Equal(expected.Count, message.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (tag, value) = expected[i];
            Assert.Equal(tag, message.TagAt(i));
            Assert.Equal(value, FixText.Text(message.ValueAt(i)));
            Assert.True(message.Has(tag), $"Has({tag})");
            Assert.Equal(value, FixText.Text(message.Get(tag)));
            Assert.True(message.TryGet(tag, out var got), $"TryGet({tag})");
            Assert.Equal(value, FixText.Text(got));
        }
    }

    [Fact]
    public void Parses_a_valid_NewOrderSingle_with_every_field_retrievable()
    {
        byte[] raw = FixText.Message(FixText.NewOrderSingleBody);
        var message = new FixMessage();

        var result = FixParser.Parse(raw, message, Max);

        AssertComplete(result, raw.Length);
        Assert.False(result.IsGarbled);
        AssertFields(raw, message);
        Assert.Equal(18, message.Count);
        Assert.Equal("FIX.4.4", FixText.Text(message.Get(FixTag.BeginString)));
        Assert.Equal(FixText.Bytes(FixText.NewOrderSingleBody).Length.ToString(CultureInfo.InvariantCulture), FixText.Text(message.Get(FixTag.BodyLength)));
        Assert.Equal(FixText.Sum(raw.AsSpan(0, raw.Length - 7)).ToString("D3", CultureInfo.InvariantCulture), FixText.Text(message.Get(FixTag.CheckSum)));
        Assert.Equal(FixTag.BeginString, message.TagAt(0));
        Assert.Equal(FixTag.BodyLength, message.TagAt(1));
        Assert.Equal(FixTag.MsgType, message.TagAt(2));
        Assert.Equal(FixTag.CheckSum, message.TagAt(message.Count - 1));
        Assert.Equal("ESZ4", FixText.Text(message.Get(FixTag.Symbol)));
        Assert.Equal("4512.25", FixText.Text(message.Get(FixTag.Price)));
        Assert.Equal("D", FixText.Text(message.MsgType));
        Assert.Equal(7, message.MsgSeqNum);
        Assert.True(message.IsType((byte)'D'));
        Assert.True(message.IsType("D"u8));
        Assert.False(message.IsType((byte)'0'));
        Assert.False(message.IsType("DD"u8));
        Assert.True(message.PossDup);
        Assert.True(message.IsYes(FixTag.PossDupFlag));
        Assert.False(message.IsYes(FixTag.Side));
    }

    [Fact]
    public void Absent_tags_are_not_found_by_any_accessor()
    {
        byte[] raw = FixText.Message(FixText.NewOrderSingleBody);
        var message = new FixMessage();
        AssertComplete(FixParser.Parse(raw, message, Max), raw.Length);

        foreach (int tag in new[] { 0, -1, FixTag.Text, 1023, 1024, 5001, int.MaxValue, int.MinValue })
        {
            Assert.False(message.Has(tag), $"Has({tag})");
            Assert.True(message.Get(tag).IsEmpty, $"Get({tag})");
            Assert.False(message.TryGet(tag, out var value), $"TryGet({tag})");
            Assert.True(value.IsEmpty);
            Assert.False(message.IsYes(tag));
        }
    }

    [Fact]
    public void PossDup_is_false_and_MsgSeqNum_zero_when_absent_or_not_a_positive_number()
    {
        var message = new FixMessage();
        foreach (string body in new[] { "35=0|49=A|56=B|", "35=0|34=0|43=N|", "35=0|34=-3|43=y|", "35=0|34=12a|43=YY|" })
        {
            byte[] raw = FixText.Message(body);
            AssertComplete(FixParser.Parse(raw, message, Max), raw.Length, body);
            Assert.Equal(0, message.MsgSeqNum);
            Assert.False(message.PossDup, body);
        }
    }

    [Fact]
    public void Every_proper_prefix_of_a_valid_message_is_incomplete()
    {
        byte[] raw = FixText.Message(FixText.NewOrderSingleBody);
        var message = new FixMessage();
        for (int k = 0; k < raw.Length; k++)
        {
            var result = FixParser.Parse(raw.AsMemory(0, k), message, Max);
            Assert.True(result == default, $"prefix of {k} bytes: {result}");
        }

        AssertComplete(FixParser.Parse(raw, message, Max), raw.Length);
    }

    [Fact]
    public void Every_prefix_of_two_concatenated_messages_is_incomplete_until_the_first_is_whole()
    {
        byte[] first = FixText.Message(FixText.NewOrderSingleBody);
        byte[] second = FixText.Message(FixText.HeartbeatBody);
        byte[] both = FixText.Concat(first, second);
        var message = new FixMessage();

        for (int k = 0; k <= both.Length; k++)
        {
            var result = FixParser.Parse(both.AsMemory(0, k), message, Max);
            if (k < first.Length)
            {
                Assert.True(result == default, $"prefix of {k} bytes: {result}");
            }
            else
            {
                AssertComplete(result, first.Length, $"prefix of {k} bytes");
                AssertFields(first, message);
            }
        }

        // After consuming the first message, the same holds for the rest of the buffer.
        for (int k = first.Length; k <= both.Length; k++)
        {
            var result = FixParser.Parse(both.AsMemory(first.Length, k - first.Length), message, Max);
            if (k < both.Length)
            {
                Assert.True(result == default, $"prefix of {k} bytes after the first message: {result}");
            }
            else
            {
                AssertComplete(result, second.Length);
                AssertFields(second, message);
            }
        }
    }

    [Fact]
    public void User_defined_tags_of_1024_and_above_are_retrievable()
    {
        byte[] raw = FixText.Message("35=D|34=2|1023=edge|1024=first-scanned|5001=user|999999999=largest|");
        var message = new FixMessage();

        AssertComplete(FixParser.Parse(raw, message, Max), raw.Length);

        AssertFields(raw, message);
        Assert.Equal("edge", FixText.Text(message.Get(1023)));
        Assert.Equal("first-scanned", FixText.Text(message.Get(1024)));
        Assert.Equal("user", FixText.Text(message.Get(5001)));
        Assert.Equal("largest", FixText.Text(message.Get(999_999_999)));
        Assert.False(message.Has(5002));
    }

    [Fact]
    public void Reusing_a_message_leaves_no_stale_field_of_the_previous_parse()
    {
        byte[] first = FixText.Message("35=D|34=2|1=ACC7|58=note|5001=user|43=Y|");
        byte[] second = FixText.Message(FixText.HeartbeatBody);
        var message = new FixMessage();

        AssertComplete(FixParser.Parse(first, message, Max), first.Length);
        Assert.True(message.Has(5001));
        AssertComplete(FixParser.Parse(second, message, Max), second.Length);

        AssertFields(second, message);
        foreach (int tag in new[] { FixTag.Account, FixTag.Text, 5001, FixTag.PossDupFlag })
        {
            Assert.False(message.Has(tag), $"stale tag {tag}");
            Assert.True(message.Get(tag).IsEmpty, $"stale tag {tag}");
        }

        Assert.False(message.PossDup);
        Assert.Equal(8, message.MsgSeqNum);

        AssertComplete(FixParser.Parse(first, message, Max), first.Length);
        AssertFields(first, message);
    }

    [Fact]
    public void Reusing_a_message_after_a_content_error_leaves_no_stale_field()
    {
        byte[] bad = FixText.Message("35=D|34=2|58=note|5001=user|55=A|55=B|");
        byte[] good = FixText.Message(FixText.HeartbeatBody);
        var message = new FixMessage();

        Assert.Equal(FixParseError.DuplicateTag, FixParser.Parse(bad, message, Max).Error);
        AssertComplete(FixParser.Parse(good, message, Max), good.Length);

        AssertFields(good, message);
        Assert.False(message.Has(FixTag.Text));
        Assert.False(message.Has(5001));
        Assert.False(message.Has(FixTag.Symbol));
    }

    [Fact]
    public void Copied_message_stays_readable_after_its_buffer_is_overwritten()
    {
        byte[] raw = FixText.Message(FixText.NewOrderSingleBody);
        byte[] expected = [.. raw];
        var message = new FixMessage();
        var kept = new FixMessage();
        byte[] storage = new byte[raw.Length + 10];
        AssertComplete(FixParser.Parse(raw, message, Max), raw.Length);

        message.CopyTo(kept, storage);
        raw.AsSpan().Fill((byte)'x');

        AssertFields(expected, kept);
        Assert.Equal(7, kept.MsgSeqNum);
    }

    [Fact]
    public void Message_with_exactly_as_many_fields_as_the_capacity_parses()
    {
        byte[] raw = FixText.Message(FixText.HeartbeatBody);
        var message = new FixMessage(maxFields: 8);

        AssertComplete(FixParser.Parse(raw, message, Max), raw.Length);

        Assert.Equal(message.Capacity, message.Count);
        AssertFields(raw, message);
    }

    [Fact]
    public void Message_of_exactly_the_maximum_size_parses()
    {
        byte[] raw = FixText.Message(FixText.NewOrderSingleBody);

        AssertComplete(FixParser.Parse(raw, new FixMessage(), raw.Length), raw.Length);
    }

    [Fact]
    public void Every_message_of_a_stream_with_random_garbage_between_them_is_recovered_in_order()
    {
        var rng = new Random(7031);
        var stream = new List<byte>();
        var sent = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            byte[] garbage = new byte[rng.Next(0, 40)];
            rng.NextBytes(garbage);
            stream.AddRange(garbage);
            byte[] message = FixText.Message($"35=D|34={i + 1}|55=S{rng.Next(1000)}|");
            stream.AddRange(message);
            sent.Add(FixText.Text(message));
        }

        byte[] bytes = [.. stream];
        var received = new List<string>();
        var parsed = new FixMessage();
        int pos = 0;
        while (true)
        {
            var result = FixParser.Parse(bytes.AsMemory(pos), parsed, Max);
            if (result.Status == FixParseStatus.Incomplete)
            {
                break;
            }

            Assert.InRange(result.Length, 1, bytes.Length - pos);
            if (result.Status == FixParseStatus.Complete)
            {
                received.Add(FixText.Text(parsed.Raw));
            }

            pos += result.Length;
        }

        Assert.Equal(sent, received);
        Assert.Equal(bytes.Length, pos);
    }

    [Fact]
    public void Parse_never_throws_and_always_makes_progress_on_corrupted_messages()
    {
        var rng = new Random(99);
        byte[] original = FixText.Concat(FixText.Message(FixText.NewOrderSingleBody), FixText.Message(FixText.HeartbeatBody));
        byte[] interesting = FixText.Bytes("0123456789=|8FIX.");
        var message = new FixMessage(maxFields: 16);
        for (int trial = 0; trial < 20_000; trial++)
        {
            byte[] input = [.. original];
            int mutations = rng.Next(1, 4);
            for (int m = 0; m < mutations; m++)
            {
                int at = rng.Next(input.Length);
                input[at] = rng.Next(2) == 0 ? (byte)rng.Next(256) : interesting[rng.Next(interesting.Length)];
            }

            int length = rng.Next(input.Length + 1);
            var result = FixParser.Parse(input.AsMemory(0, length), message, rng.Next(2) == 0 ? Max : 100);
            string where = $"trial {trial}: {FixText.Text(input.AsSpan(0, length))} -> {result}";
            switch (result.Status)
            {
                case FixParseStatus.Incomplete:
                    Assert.True(result == default, where);
                    break;
                case FixParseStatus.Complete:
                    Assert.True(result.Error == FixParseError.None && result.Length >= 20 && result.Length <= length, where);
                    break;
                default:
                    Assert.True(result.Error != FixParseError.None && result.Length >= 1 && result.Length <= length, where);
                    Assert.True(result.Offset >= 0 && result.Offset < length, where);
                    break;
            }
        }
    }
}
