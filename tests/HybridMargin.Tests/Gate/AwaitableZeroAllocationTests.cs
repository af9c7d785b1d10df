using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Tests.Gate;

/// <summary>Measures process-wide allocation, so it runs alone (no other test class in parallel).</summary>
[Collection(HybridMargin.Tests.Ring.RingCollection.Name)]
public class AwaitableZeroAllocationTests
{
    private static Order OrderFor(RiskEngine engine, long id)
    {
        int account = (int)(id % engine.AccountCount);
        int instrument = (int)((id * 7) % engine.Book.Instruments.Count);
        return new Order(account, instrument, (id & 1) == 0 ? Side.Buy : Side.Sell, OrderType.Limit, 0.5, engine.InstrumentMark(instrument) * 10, id, id * 1_000_000);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(0)]
    public void Synchronous_submit_allocates_nothing_on_the_submitting_thread(int slotHolds)
    {
        // With holds the decision is read back from the slot; without, it comes through a pooled DecisionSource.
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { SlotHolds = slotHolds });
        var engine = gate.Engine;
        gate.Start();
        long id = 0;
        for (int i = 0; i < 10_000; i++)
        {
            gate.Submit(OrderFor(engine, ++id));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            gate.Submit(OrderFor(engine, ++id));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(gate.Stop());
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Awaited_submissions_allocate_nothing_in_the_whole_process_in_steady_state()
    {
        using var gate = new RiskGate(BookLoader.LoadSample());
        var engine = gate.Engine;
        gate.Start();
        long id = 0;
        for (int i = 0; i < 20_000; i++)
        {
            await gate.SubmitAsync(OrderFor(engine, ++id));
        }

        // Process-wide, because continuations resume on thread-pool threads — and so the test host's own threads count
        // too, in bursts. Hence 10 runs of 10,000 awaits and the quietest of them: one small object per await would put
        // at least 240 KB into every run; the bound leaves room only for the runtime's occasional bytes.
        var chunks = new long[10];
        for (int c = 0; c < chunks.Length; c++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10_000; i++)
            {
                await gate.SubmitAsync(OrderFor(engine, ++id));
            }

            chunks[c] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        Assert.True(gate.Stop());
        Assert.True(chunks.Min() < 1024, $"bytes per 10,000 awaited submissions: {string.Join(", ", chunks)}");
    }
}
