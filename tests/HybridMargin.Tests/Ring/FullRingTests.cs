using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

/// <summary>A gating sequence that does not move: the ring fills after 8 claims and stays full until it moves.</summary>
[Collection(RingCollection.Name)]
public sealed class FullRingTests
{
    private const int Size = 8;

    /// <summary>How long a blocked claim must stay blocked to count as blocked.</summary>
    private static readonly TimeSpan BlockedFor = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData("Single")]
    [InlineData("Multi")]
    public void Full_ring_makes_TryNext_fail(string sequencerKind)
    {
        var sequencer = Create(sequencerKind);
        var gate = new Sequence();
        sequencer.SetGatingSequences(gate);

        for (long expected = 0; expected < Size; expected++)
        {
            Assert.True(sequencer.TryNext(out long sequence), $"claim {expected} of an empty {Size}-slot ring failed");
            Assert.Equal(expected, sequence);
            sequencer.Publish(sequence);
        }

        Assert.False(sequencer.TryNext(out _), "a 9th claim succeeded while the consumer had not consumed anything");
        Assert.False(sequencer.TryNext(out _), "a retried 9th claim succeeded");
        Assert.Equal(Size - 1, sequencer.Cursor.Value);
        Assert.Equal(0, sequencer.RemainingCapacity());
    }

    [Theory]
    [InlineData("Single")]
    [InlineData("Multi")]
    public void TryNext_frees_exactly_as_many_slots_as_the_gate_advanced(string sequencerKind)
    {
        var sequencer = Create(sequencerKind);
        var gate = new Sequence();
        sequencer.SetGatingSequences(gate);
        for (int i = 0; i < Size; i++)
        {
            Assert.True(sequencer.TryNext(out long sequence));
            sequencer.Publish(sequence);
        }

        gate.Value = 2; // the consumer finished 0, 1 and 2
        Assert.Equal(3, sequencer.RemainingCapacity());
        for (long expected = Size; expected < Size + 3; expected++)
        {
            Assert.True(sequencer.TryNext(out long sequence), $"claim {expected} failed although the gate moved to 2");
            Assert.Equal(expected, sequence);
            sequencer.Publish(sequence);
        }

        Assert.False(sequencer.TryNext(out _), "claimed sequence 11 while the consumer was at 2 (that slot still holds sequence 3)");
    }

    [Theory]
    [InlineData("Single")]
    [InlineData("Multi")]
    public void Full_ring_makes_a_blocking_claim_wait_until_the_gate_moves(string sequencerKind)
    {
        var sequencer = Create(sequencerKind);
        var gate = new Sequence();
        sequencer.SetGatingSequences(gate);
        for (int i = 0; i < Size; i++)
        {
            sequencer.Publish(sequencer.Next());
        }

        long claimed = long.MinValue;
        using var returned = new ManualResetEventSlim();
        var claimer = Bounded.StartThread("ring-blocked-claimer", () =>
        {
            Volatile.Write(ref claimed, sequencer.Next());
            returned.Set();
        });
        try
        {
            Assert.False(returned.Wait(BlockedFor), $"Next() returned {Volatile.Read(ref claimed)} on a full ring");
            Assert.Equal(Size - 1, sequencer.Cursor.Value);

            gate.Value = 0; // the consumer finished sequence 0: its slot is free for sequence 8
            Assert.True(returned.Wait(Bounded.Long), $"Next() still blocked {Bounded.Long.TotalSeconds} s after the gate moved");
            Assert.Equal(Size, Volatile.Read(ref claimed));
            Assert.True(claimer.Join(Bounded.Halt), "the claiming thread did not end");
        }
        finally
        {
            // Whatever failed, never leave the claimer spinning behind the test.
            gate.Value = long.MaxValue / 2;
        }
    }

    private static Sequencer Create(string kind) => kind switch
    {
        "Single" => new SingleProducerSequencer<YieldingWaitStrategy>(Size, default),
        "Multi" => new MultiProducerSequencer<YieldingWaitStrategy>(Size, default),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sequencer"),
    };
}
