using System.Buffers;
using HybridMargin.Fix.Codec;
using HybridMargin.Tests.Support;

namespace HybridMargin.Tests.Fix.Codec;

public class CodecZeroAllocationTests
{
    private const int Max = 4096;

    [Fact]
    public void Parsing_and_reading_fields_of_a_warm_message_allocates_nothing()
    {
        ReadOnlyMemory<byte> input = FixText.Concat(FixText.Message(FixText.NewOrderSingleBody), FixText.Message("35=D|34=2|5001=user|58=|"));
        var message = new FixMessage();
        long sink = 0;

        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                var result = FixParser.Parse(input, message, Max);
                sink += result.Length + message.MsgSeqNum + message.Get(FixTag.Symbol).Length + (message.PossDup ? 1 : 0) + (message.IsType((byte)'D') ? 1 : 0);
                if (message.TryGet(FixTag.Price, out var price) && FixValue.TryParseDecimal(price, out double px))
                {
                    sink += (long)px;
                }

                if (FixTimestamp.TryParse(message.Get(FixTag.SendingTime), out long nanos) && FixValue.TryParseInt(message.Get(FixTag.OrderQty), out long qty))
                {
                    sink += nanos + qty;
                }

                for (int f = 0; f < message.Count; f++)
                {
                    sink += message.TagAt(f) + message.ValueAt(f).Length;
                }

                var error = FixParser.Parse(input[result.Length..], message, Max);
                sink += error.Tag + (message.Has(5001) ? 1 : 0);
            }
        });

        Assert.NotEqual(0, sink);
    }

    [Fact]
    public void Reading_from_a_two_segment_sequence_allocates_nothing()
    {
        byte[] first = FixText.Message(FixText.NewOrderSingleBody);
        byte[] both = FixText.Concat(first, FixText.Message(FixText.HeartbeatBody));
        var buffer = TestSegment.Split(both, first.Length / 2);
        var reader = new FixFrameReader(Max);
        var message = new FixMessage();
        long sink = 0;

        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                var remaining = buffer;
                while (true)
                {
                    var result = reader.Read(remaining, message);
                    if (result.Status != FixParseStatus.Complete)
                    {
                        break;
                    }

                    sink += message.MsgSeqNum;
                    remaining = remaining.Slice(result.Length);
                }
            }
        });

        Assert.Equal(4 * 15 * 1000, sink);
    }

    [Fact]
    public void Writing_a_message_allocates_nothing()
    {
        var writer = new FixWriter();
        var time = new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        long sink = 0;

        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                writer.Begin("8"u8);
                writer.Add(FixTag.MsgSeqNum, (long)i);
                writer.AddTimestamp(FixTag.SendingTime, time);
                writer.Add(FixTag.ClOrdId, "ORD-1"u8);
                writer.Add(FixTag.Side, '1');
                writer.Add(FixTag.LastPx, 4512.25 + i);
                writer.Add(FixTag.LastQty, 0.125);
                var text = writer.OpenValue(FixTag.Text);
                "ok"u8.CopyTo(text);
                writer.CloseValue(2);
                sink += writer.Complete().Length;
            }
        });

        Assert.NotEqual(0, sink);
    }
}
