using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>A producer waiting to read its slot back keeps every other producer from claiming that slot a lap later.</summary>
[Collection(RingCollection.Name)]
public sealed class SlotHoldsTests
{
    private const int Size = 4;

    private static (MultiProducerSequencer<YieldingWaitStrategy> Sequencer, Sequence Consumer, SlotHolds Holds) Create(int holds = 2)
    {
        var sequencer = new MultiProducerSequencer<YieldingWaitStrategy>(Size, default);
        var consumer = new Sequence();
        var slotHolds = new SlotHolds(holds);
        sequencer.SetGatingSequences([consumer, .. slotHolds.Sequences]);
        return (sequencer, consumer, slotHolds);
    }

    [Fact]
    public void A_held_slot_is_not_claimed_again_a_lap_later_until_released()
    {
        var (sequencer, consumer, holds) = Create();
        // As a producer does: claim, take the hold at the sequence before, publish.
        Assert.True(sequencer.TryNext(out long held));
        Assert.Equal(0, held);
        int hold = holds.TryTake(held - 1);
        Assert.True(hold >= 0);
        sequencer.Publish(held);
        for (long s = 1; s < Size; s++)
        {
            Assert.True(sequencer.TryNext(out long sequence));
            sequencer.Publish(sequence);
        }

        // The consumer is done with everything; only the hold keeps slot 0 (sequence 4's slot) from being claimed.
        consumer.Value = Size - 1;
        Assert.False(sequencer.TryNext(out _), "sequence 4 was claimed into slot 0 while its holder had not read sequence 0 back");
        Assert.False(sequencer.TryNext(out _), "a retried claim of sequence 4 succeeded while slot 0 was held");

        holds.Release(hold);
        Assert.True(sequencer.TryNext(out long next), "the released hold still gated the ring");
        Assert.Equal(Size, next);
    }

    [Fact]
    public void Free_holds_gate_nothing()
    {
        var (sequencer, consumer, _) = Create();
        for (long s = 0; s < 3 * Size; s++)
        {
            Assert.True(sequencer.TryNext(out long sequence), $"claim {s} failed with every hold free and the consumer caught up");
            sequencer.Publish(sequence);
            consumer.Value = sequence;
        }

        Assert.Equal(Size, sequencer.RemainingCapacity());
    }

    [Fact]
    public void Every_hold_taken_makes_TryTake_fail_until_one_is_released()
    {
        var (_, _, holds) = Create(holds: 4);
        int[] taken = [holds.TryTake(0), holds.TryTake(1), holds.TryTake(2), holds.TryTake(3)];
        Assert.Equal([0, 1, 2, 3], taken.Order());
        Assert.Equal(-1, holds.TryTake(4));

        holds.Release(taken[2]);
        Assert.Equal(taken[2], holds.TryTake(5));
        Assert.Equal(5, holds.Sequences[taken[2]].Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-2)]
    public void Count_must_be_a_positive_power_of_two(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SlotHolds(count));
        Assert.Equal("count", e.ParamName);
    }
}
