using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;
using HybridMargin.Recalculation;

namespace HybridMargin.Tests.Journal;

public class GateRecoveryTests
{
    private static GateOptions Options(string directory, int snapshotEvery = 0, bool recalculation = true) => new()
    {
        RingSize = 256,
        WaitStrategy = WaitStrategyKind.Blocking,
        Journal = new JournalOptions { Directory = directory, SnapshotEveryEvents = snapshotEvery, MaxFileBytes = 256 << 10 },
        Recalculation = recalculation ? new RecalculationOptions { EveryEvents = 700, Scenarios = 200, AutomatedParameters = true } : null,
    };

    private static void RunAndStop(RiskGate gate, JournalledFlow flow, int events)
    {
        gate.Start();
        flow.Run(events);
        Assert.True(gate.Stop());
        Assert.Null(gate.JournalFault);
    }

    [Fact]
    public void A_restarted_gate_recovers_the_state_it_stopped_with_and_a_fresh_replay_reaches_the_same_state()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        byte[] stopped;
        using (var gate = new RiskGate(book, Options(dir.Path)))
        {
            RunAndStop(gate, new JournalledFlow(gate, seed: 1), 6_000);
            Assert.True(gate.Recalculation!.Adopted > 0, "the flow should adopt background snapshots");
            stopped = gate.Engine.CaptureState();
        }

        using var restarted = new RiskGate(book, Options(dir.Path));
        var report = restarted.Recovery!;
        var (fresh, end, events) = JournalReplay.FromScratch(book, dir.Path);

        Assert.True(report.End.IsClean, report.ToString());
        Assert.Null(report.Snapshot);
        Assert.Equal(events, report.EventsReplayed);
        Assert.Equal(end.LastGoodSequence, report.LastSequence);
        Assert.Equal(stopped, restarted.Engine.CaptureState());
        Assert.Equal(stopped, fresh.CaptureState());
    }

    [Fact]
    public void Replaying_the_journal_gives_every_order_the_decision_its_client_received()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        JournalledFlow flow;
        using (var gate = new RiskGate(book, Options(dir.Path)))
        {
            flow = new JournalledFlow(gate, seed: 2);
            RunAndStop(gate, flow, 5_000);
        }

        var engine = new RiskEngine(book);
        var replayed = new Dictionary<(int, long), Decision>();
        using (var reader = new JournalReader(dir.Path))
        {
            while (reader.TryRead(out _, out var e))
            {
                var decision = JournalReplay.Apply(engine, e);
                if (e.Kind == JournalEventKind.Order)
                {
                    replayed[(e.Order.Account, e.Order.ClientOrderId)] = decision;
                }
            }
        }

        Assert.Equal(flow.Decisions.Count, replayed.Count);
        Assert.Contains(flow.Decisions.Values, d => d.Accepted);
        Assert.Contains(flow.Decisions.Values, d => !d.Accepted);
        foreach (var (key, decision) in flow.Decisions)
        {
            Assert.Equal(decision, replayed[key]);
        }
    }

    [Fact]
    public void Recovery_from_a_snapshot_and_the_journal_after_it_equals_the_state_before_the_restart()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        byte[] stopped;
        using (var gate = new RiskGate(book, Options(dir.Path, snapshotEvery: 1_000)))
        {
            RunAndStop(gate, new JournalledFlow(gate, seed: 3), 7_500);
            Assert.True(gate.SnapshotsWritten > 0);
            Assert.Null(gate.SnapshotFault);
            stopped = gate.Engine.CaptureState();
        }

        Assert.InRange(SnapshotFile.List(dir.Path).Count, 1, 2);
        using var restarted = new RiskGate(book, Options(dir.Path, snapshotEvery: 1_000));
        var report = restarted.Recovery!;

        Assert.NotNull(report.Snapshot);
        Assert.True(report.SnapshotSequence > 0);
        Assert.Equal(report.LastSequence - report.SnapshotSequence, report.EventsReplayed);
        Assert.Equal(stopped, restarted.Engine.CaptureState());
        Assert.Equal(stopped, JournalReplay.FromScratch(book, dir.Path).Engine.CaptureState());
    }

    [Fact]
    public void A_gate_continues_its_journal_across_restarts_and_the_whole_history_replays()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        byte[] stopped = [];
        for (int run = 0; run < 3; run++)
        {
            using var gate = new RiskGate(book, Options(dir.Path, snapshotEvery: 800));
            RunAndStop(gate, new JournalledFlow(gate, seed: 10 + run, firstId: 1 + (run * 1_000_000L)), 2_000);
            stopped = gate.Engine.CaptureState();
        }

        var (fresh, end, _) = JournalReplay.FromScratch(book, dir.Path);
        Assert.True(end.IsClean, end.ToString());
        Assert.Equal(stopped, fresh.CaptureState());
    }
}
