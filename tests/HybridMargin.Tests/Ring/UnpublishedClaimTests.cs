using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>
/// A producer may hold a claim it has not published yet (it is still writing the slot, or it claims a pair of
/// events and publishes both). Consumers must not see that sequence until it is published.
/// </summary>
[Collection(RingCollection.Name)]
public sealed class UnpublishedClaimTests
{
    private const int Size = 8;

    /// <summary>
    /// The single-producer cursor is documented as the highest published sequence, and it is the first stage's
    /// barrier. Claiming sequence 8 runs the wrap check (8 − 8 = 0 is past the cached gate of −1), and that
    /// check stores the previous claim, 7, into the cursor "to make our progress visible": 7 is never published
    /// at that point, yet a consumer would now read its slot. Fails against the current src
    /// (SingleProducerSequencer.WaitForSpace and TryNext; the same quirk as the LMAX Java original).
    /// </summary>
    [Theory]
    [InlineData("Next")]
    [InlineData("TryNext")]
    public void Single_producer_claim_does_not_publish_an_earlier_unpublished_claim(string claim)
    {
        var sequencer = new SingleProducerSequencer<YieldingWaitStrategy>(Size, default);
        var gate = new Sequence();
        sequencer.SetGatingSequences(gate);
        for (int i = 0; i < Size - 1; i++)
        {
            sequencer.Publish(sequencer.Next());
        }

        gate.Value = 0; // the consumer has finished sequence 0: one slot is free for sequence 8
        long first = sequencer.Next();
        Assert.Equal(Size - 1, first);
        long second;
        if (claim == "Next")
        {
            second = sequencer.Next();
        }
        else
        {
            Assert.True(sequencer.TryNext(out second));
        }

        Assert.Equal(Size, second);

        // Neither claim is published: the consumers' view must still end at 6.
        Assert.False(
            sequencer.IsAvailable(first),
            $"after claiming {second}, sequence {first} (claimed, never published) is available to consumers: cursor = {sequencer.Cursor.Value}");
        Assert.Equal(Size - 2, sequencer.Cursor.Value);
    }

    [Fact]
    public void Multi_producer_claim_does_not_publish_an_earlier_unpublished_claim()
    {
        var sequencer = new MultiProducerSequencer<YieldingWaitStrategy>(Size, default);
        var gate = new Sequence();
        sequencer.SetGatingSequences(gate);
        for (int i = 0; i < Size - 1; i++)
        {
            sequencer.Publish(sequencer.Next());
        }

        gate.Value = 0;
        long first = sequencer.Next();
        long second = sequencer.Next();

        // The multi-producer cursor is the highest claim by design; availability is per slot. A consumer at 0
        // looks from 1 on (slot 0 is about to hold sequence 8).
        Assert.Equal(Size, sequencer.Cursor.Value);
        Assert.False(sequencer.IsAvailable(first));
        Assert.False(sequencer.IsAvailable(second));
        Assert.Equal(Size - 2, sequencer.HighestPublished(1, sequencer.Cursor.Value));

        sequencer.Publish(second);
        Assert.Equal(Size - 2, sequencer.HighestPublished(1, sequencer.Cursor.Value));
        sequencer.Publish(first);
        Assert.Equal(Size, sequencer.HighestPublished(1, sequencer.Cursor.Value));
    }
}
