using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

/// <summary>Repeating groups: the same tags once per entry after a NumInGroup field (found by the QuickFIX interop client).</summary>
public sealed class FixParserGroupTests
{
    private const int Max = 4096;

    [Fact]
    public void Tags_repeating_in_the_entries_of_a_repeating_group_are_not_duplicates()
    {
        byte[] order = FixText.Message("35=D|34=2|11=P1|453=2|448=TRADER1|447=D|452=11|448=DESK|447=D|452=3|55=BTC-PERP|54=1|");
        var message = new FixMessage();

        var result = FixParser.Parse(order, message, Max);

        Assert.Equal(new FixParseResult(FixParseStatus.Complete, FixParseError.None, order.Length, 0, 0), result);
        Assert.Equal("TRADER1", FixText.Text(message.Get(448)));
        Assert.Equal("BTC-PERP", FixText.Text(message.Get(FixTag.Symbol)));
        Assert.Equal("1", FixText.Text(message.Get(FixTag.Side)));
    }

    [Fact]
    public void A_tag_of_the_message_body_repeated_after_a_repeating_group_started_is_still_a_duplicate()
    {
        byte[] bad = FixText.Message("35=D|34=2|55=BTC-PERP|453=1|448=DESK|447=D|452=3|55=ETH-PERP|");

        var result = FixParser.Parse(bad, new FixMessage(), Max);

        Assert.Equal(new FixParseResult(FixParseStatus.Error, FixParseError.DuplicateTag, bad.Length, FixText.IndexOf(bad, "55=ETH-PERP"), FixTag.Symbol), result);
    }
}
