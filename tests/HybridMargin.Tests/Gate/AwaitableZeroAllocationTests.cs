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

    [Fact]
    public void Synchronous_submit_allocates_nothing_on_the_submitting_thread()
    {
        using var gate = new RiskGate(BookLoader.LoadSample());
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

        // Process-wide, because continuations resume on thread-pool threads. 100,000 awaits that allocated even
        // one small object each would show megabytes; the bound leaves room only for unrelated runtime noise.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 100_000; i++)
        {
            await gate.SubmitAsync(OrderFor(engine, ++id));
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(gate.Stop());
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes over 100,000 awaited submissions");
    }
}
