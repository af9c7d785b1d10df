using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;
using HybridMargin.Recalculation;

namespace HybridMargin.Tests.Gate;

public class GateZeroAllocationTests
{
    [Theory]
    [InlineData(false, false, "none")]
    [InlineData(true, false, "none")]
    [InlineData(false, true, "none")]
    [InlineData(false, false, "monte carlo")]
    [InlineData(false, false, "automated parameters")]
    public void A_million_events_through_the_gate_allocate_nothing_on_any_thread(bool journal, bool replyOnRiskThread, string recalculation)
    {
        var book = BookLoader.LoadSample();
        var sink = new CountingSink();
        using var dir = new Journal.TempDirectory();

        // One file big enough for every record (a rollover opens a file, which allocates) and a state snapshot every
        // 20,000 events, so the measured million includes dozens of captures on the risk thread.
        var journalOptions = new JournalOptions { Directory = dir.Path, MaxFileBytes = 256L << 20, SnapshotEveryEvents = 20_000 };
        // Recalculating: the risk thread copies the state for the background Monte Carlo every 20,000 events and adopts
        // each result — with automated parameters also new vols (Σ rebuilt) and haircuts — so the measured million
        // includes dozens of captures and adoptions there too.
        bool recalculating = recalculation != "none";
        var recalculationOptions = new RecalculationOptions { EveryEvents = 20_000, Scenarios = 2_000, AutomatedParameters = recalculation == "automated parameters" };
        using var gate = new RiskGate(book, new GateOptions { RingSize = 4096, Journal = journal ? journalOptions : null, ReplyOnRiskThread = replyOnRiskThread, Recalculation = recalculating ? recalculationOptions : null });
        gate.Start();
        var producer = new Producer(gate, sink);

        producer.Run(50_000);
        gate.Probe(sink);
        Assert.True(sink.WaitFor(producer.Submitted + 1, TimeSpan.FromSeconds(60)));
        long riskBefore = sink.LastRiskAllocated;
        long responderBefore = sink.LastResponderAllocated;
        long producerBefore = GC.GetAllocatedBytesForCurrentThread();

        producer.Run(1_000_000);

        long producerAfter = GC.GetAllocatedBytesForCurrentThread();
        gate.Probe(sink);
        Assert.True(sink.WaitFor(producer.Submitted + 2, TimeSpan.FromSeconds(120)));
        Assert.True(gate.Stop());
        Assert.Equal(0, producerAfter - producerBefore);
        Assert.Equal(0, sink.LastRiskAllocated - riskBefore);
        Assert.Equal(0, sink.LastResponderAllocated - responderBefore);
        string codes = string.Join(", ", Enum.GetValues<RejectCode>().Select(c => $"{c}={sink.Count(c)}"));
        if (recalculation == "automated parameters")
        {
            // The synthetic ticks, microseconds apart, drive the EWMA vols (and so haircuts) far up: accounts go
            // reduce-only, which is not the point here — that every adoption rebuilt Σ on the risk thread is.
            int btc = gate.Engine.FindAsset("BTC");
            Assert.NotEqual(book.Assets[btc].Vol, gate.Engine.Vol(btc));
        }
        else
        {
            Assert.True(sink.Count(RejectCode.None) > 100_000, codes);
            Assert.True(producer.ReadBackAccepted > 10_000, $"{producer.ReadBackAccepted} synchronous orders accepted");
            Assert.Equal(0, gate.ReadBackFallbacks);
        }
        if (recalculating)
        {
            Assert.Null(gate.Recalculation!.Fault);
            Assert.True(gate.Recalculation.Adopted > 10, $"{gate.Recalculation.Adopted} recalculations adopted");
        }

        if (journal)
        {
            Assert.Null(gate.JournalFault);
            Assert.True(gate.JournalSequence > 1_000_000);
            Assert.True(gate.SnapshotsWritten > 10, $"{gate.SnapshotsWritten} snapshots");
        }
    }

    /// <summary>
    /// Orders, fills, cancels and mark ticks from one thread, never more than a ring's worth in flight. One order in ten
    /// is synchronous, read back from its slot: the stages' stamp store and the submitter's read are measured too.
    /// </summary>
    private sealed class Producer(RiskGate gate, CountingSink sink)
    {
        private readonly RiskEngine _engine = gate.Engine;
        private readonly int _instruments = gate.Engine.Book.Instruments.Count;
        private readonly int _btc = gate.Engine.FindAsset("BTC");
        private readonly double[] _marks = Enumerable.Range(0, gate.Engine.Book.Instruments.Count).Select(gate.Engine.InstrumentMark).ToArray();
        private long _id;

        public long Submitted { get; private set; }

        public long ReadBackAccepted { get; private set; }

        private int AccountOf(long id) => (int)(id % _engine.AccountCount);

        private Order MakeOrder(long id, int account, int instrument) =>
            new(account, instrument, (id & 1) == 0 ? Side.Buy : Side.Sell, OrderType.Limit, 0.5, _marks[instrument], id, id * 1_000_000);

        public void Run(int events)
        {
            for (int i = 0; i < events; i++)
            {
                while (Submitted - sink.Replies > 2048)
                {
                    Thread.Yield();
                }

                long id = ++_id;
                int account = AccountOf(id);
                int instrument = (int)((id * 7) % _instruments);
                switch (id % 10)
                {
                    case 7:
                        // Part of the order placed just before (if it was accepted).
                        gate.Fill(AccountOf(id - 1), id - 1, 0.25, _marks[(int)(((id - 1) * 7) % _instruments)], sink);
                        break;
                    case 8:
                        // Cancel whatever is left of this round's orders (ids ending in 0 to 6).
                        for (long old = id - 8; old <= id - 2; old++)
                        {
                            gate.Cancel(AccountOf(old), old, sink);
                        }

                        Submitted += 6;
                        break;
                    case 9:
                        gate.Mark(_btc, 90_000 + (id % 50), sink);
                        break;
                    case 6:
                        // Answered to this thread, not the sink: not counted in Submitted.
                        if (gate.Submit(MakeOrder(id, account, instrument)).Accepted)
                        {
                            ReadBackAccepted++;
                        }

                        continue;
                    default:
                        // One millisecond apart: each account sees about 110 orders a second, inside the sample book's rate limits.
                        gate.Submit(MakeOrder(id, account, instrument), sink);
                        break;
                }

                Submitted++;
            }
        }
    }
}
