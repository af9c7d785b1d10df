using System.Buffers;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixFrameReaderTests
{
    private const int Max = 1024;

    private static readonly byte[] First = FixText.Message(FixText.NewOrderSingleBody);
    private static readonly byte[] Second = FixText.Message(FixText.HeartbeatBody);
    private static readonly byte[] Both = FixText.Concat(First, Second);

    private readonly FixMessage _expectedFirst = new();
    private readonly FixMessage _expectedSecond = new();
    private readonly FixFrameReader _reader = new(Max);
    private readonly FixMessage _message = new();

    public FixFrameReaderTests()
    {
        // The reference: the contiguous parse of each message.
        Assert.Equal(FixParseStatus.Complete, FixParser.Parse(Both, _expectedFirst, Max).Status);
        Assert.Equal(FixParseStatus.Complete, FixParser.Parse(Both.AsMemory(First.Length), _expectedSecond, Max).Status);
    }

    private static void AssertSame(FixMessage expected, FixMessage actual, string where)
    {
        Assert.True(expected.Raw.SequenceEqual(actual.Raw), $"{where}: raw {FixText.Text(actual.Raw)}");
        Assert.True(expected.Count == actual.Count, $"{where}: {actual.Count} fields");
        for (int i = 0; i < expected.Count; i++)
        {
            int tag = expected.TagAt(i);
            Assert.True(tag == actual.TagAt(i), $"{where}: tag at {i}");
            Assert.True(expected.ValueAt(i).SequenceEqual(actual.ValueAt(i)), $"{where}: value at {i}");
            Assert.True(expected.Get(tag).SequenceEqual(actual.Get(tag)), $"{where}: Get({tag})");
        }
    }

    private void AssertReadsBoth(ReadOnlySequence<byte> buffer, string where)
    {
        var first = _reader.Read(buffer, _message);
        Assert.True(first == new FixParseResult(FixParseStatus.Complete, FixParseError.None, First.Length, 0, 0), $"{where}: first {first}");
        AssertSame(_expectedFirst, _message, where + ", first");

        buffer = buffer.Slice(first.Length);
        var second = _reader.Read(buffer, _message);
        Assert.True(second == new FixParseResult(FixParseStatus.Complete, FixParseError.None, Second.Length, 0, 0), $"{where}: second {second}");
        AssertSame(_expectedSecond, _message, where + ", second");

        buffer = buffer.Slice(second.Length);
        Assert.True(buffer.IsEmpty, where);
        Assert.True(_reader.Read(buffer, _message) == default, where);
    }

    [Fact]
    public void Every_two_way_split_of_two_messages_reads_both_as_the_contiguous_parse()
    {
        for (int cut = 0; cut <= Both.Length; cut++)
        {
            AssertReadsBoth(TestSegment.Split(Both, cut), $"cut {cut}");
        }
    }

    [Fact]
    public void Random_three_way_splits_of_two_messages_read_both_as_the_contiguous_parse()
    {
        var rng = new Random(314159);
        for (int trial = 0; trial < 400; trial++)
        {
            int a = rng.Next(Both.Length + 1);
            int b = rng.Next(Both.Length + 1);
            (a, b) = (Math.Min(a, b), Math.Max(a, b));
            AssertReadsBoth(TestSegment.Split(Both, a, b), $"cuts {a}, {b}");
        }
    }

    [Fact]
    public void Split_into_one_byte_segments_reads_both_as_the_contiguous_parse()
    {
        int[] cuts = Enumerable.Range(1, Both.Length - 1).ToArray();

        AssertReadsBoth(TestSegment.Split(Both, cuts), "one-byte segments");
    }

    [Fact]
    public void Every_prefix_of_a_multi_segment_message_is_incomplete()
    {
        for (int cut = 1; cut < Both.Length; cut++)
        {
            var buffer = TestSegment.Split(Both, cut);
            for (int k = 0; k < First.Length; k++)
            {
                var result = _reader.Read(buffer.Slice(0, k), _message);
                Assert.True(result == default, $"cut {cut}, prefix {k}: {result}");
            }
        }
    }

    [Fact]
    public void Message_inside_the_first_segment_is_parsed_in_place()
    {
        var buffer = TestSegment.Split(Both, out byte[][] arrays, First.Length + 3);

        Assert.Equal(FixParseStatus.Complete, _reader.Read(buffer, _message).Status);

        Assert.True(_message.Raw.Overlaps(arrays[0]));
    }

    [Fact]
    public void Message_split_across_segments_is_parsed_from_a_copy()
    {
        var buffer = TestSegment.Split(Both, out byte[][] arrays, First.Length / 2);

        Assert.Equal(FixParseStatus.Complete, _reader.Read(buffer, _message).Status);

        Assert.False(_message.Raw.Overlaps(arrays[0]));
        Assert.False(_message.Raw.Overlaps(arrays[1]));
        AssertSame(_expectedFirst, _message, "copied");
    }

    [Fact]
    public void Split_header_declaring_more_than_the_maximum_is_refused()
    {
        byte[] header = FixText.Bytes("8=FIX.4.4|9=5000|35=D|");
        var reader = new FixFrameReader(128);

        for (int cut = 1; cut < header.Length; cut++)
        {
            var result = reader.Read(TestSegment.Split(header, cut), _message);
            Assert.True(result.Error == FixParseError.MessageTooLarge, $"cut {cut}: {result}");
        }
    }

    [Fact]
    public void Split_message_with_a_bad_checksum_is_a_framing_error()
    {
        byte[] bad = [.. First];
        bad[^2] = bad[^2] == (byte)'9' ? (byte)'0' : (byte)(bad[^2] + 1);

        for (int cut = 0; cut <= bad.Length; cut++)
        {
            var result = _reader.Read(TestSegment.Split(bad, cut), _message);
            Assert.True(result == new FixParseResult(FixParseStatus.Error, FixParseError.ChecksumInvalid, bad.Length, bad.Length - 4, 0), $"cut {cut}: {result}");
        }
    }

    [Fact]
    public void Empty_sequence_is_incomplete()
    {
        Assert.True(_reader.Read(ReadOnlySequence<byte>.Empty, _message) == default);
        Assert.True(_reader.Read(TestSegment.Split([], 0), _message) == default);
    }
}
