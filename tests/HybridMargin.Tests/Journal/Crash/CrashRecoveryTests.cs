using System.Diagnostics;
using System.Globalization;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Journal;
using HybridMargin.Tests.Cli;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Journal.Crash;

/// <summary>
/// Proof by crash (issue 7): the real <c>hm demo --journal</c> in a child process under its seeded multi-producer
/// flow, SIGKILLed at a random moment (before, during or after snapshot writes and journal file rollovers), then
/// <c>hm recover</c> in a new process. The recovered state must equal a fresh engine fed the journal, every snapshot
/// the state of the journal to its sequence, and every decision the client had received before the kill must be in
/// the journal with the same decision on replay.
/// </summary>
[Collection(CrashRecoveryCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    // HM_CRASH_ITERATIONS runs more (a soak); CI runs the default.
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("HM_CRASH_ITERATIONS"), out int n) && n > 0 ? n : 50;

    // Every fifth iteration restarts the demo on the killed journal and kills it again: recovery, then more journal.
    private const int TwoCycleEvery = 5;

    // About 4,800 journalled events (~250 KB) a second at this rate (orders, fills, cancels, marks, vols): a new journal
    // file every ~0.25 s, and by seed a snapshot every ~0.02 s (back to back: kills often cut a snapshot write), ~0.2 s or ~0.8 s
    // (kills mostly before the first snapshot: recovery from the book), so the kill delays below land before, during
    // and after snapshot writes and across rollovers.
    private const string Rate = "800";
    private const string JournalFileBytes = "65536";
    private static readonly string[] SnapshotEvery = ["100", "1000", "4000"];
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Fact]
    public void After_a_sigkill_at_a_random_moment_recovery_equals_a_fresh_replay_and_keeps_every_decision_the_client_received()
    {
        var book = BookLoader.LoadSample();
        var tally = new CrashTally();
        var clock = Stopwatch.StartNew();
        for (int seed = 1; seed <= Iterations; seed++)
        {
            RunIteration(book, seed, tally);
        }

        output.WriteLine($"{Iterations} iterations in {clock.Elapsed.TotalSeconds:F1} s: {tally}");
        Assert.True(tally.FromSnapshot > 0, $"no recovery started from a snapshot: {tally}");
    }

    private static void RunIteration(Book book, int seed, CrashTally tally)
    {
        var random = new Random(seed);
        string root = Path.Combine(Path.GetTempPath(), $"hm-crash-{seed}-{Guid.NewGuid():N}");
        string journal = Path.Combine(root, "journal");
        Directory.CreateDirectory(root);
        var kills = new List<string>();
        var logs = new List<string>();
        bool keep = true;
        try
        {
            int cycles = seed % TwoCycleEvery == 0 ? 2 : 1;
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                int delay = random.Next(50, 801);
                bool responderThread = random.Next(2) == 0;
                string snapshotEvery = SnapshotEvery[random.Next(SnapshotEvery.Length)];
                kills.Add($"{delay} ms after the first decision ({(responderThread ? "responder thread" : "replies on the risk thread")}, snapshot every {snapshotEvery})");
                string log = Path.Combine(root, $"decisions-{cycle}.log");
                logs.Add(log);
                string repro = Repro(seed, kills, root);
                using var demo = DemoChild.Start(DemoArguments(journal, log, (seed * 10) + cycle, responderThread, snapshotEvery));
                Assert.True(demo.WaitForFirstDecision(log, Startup), $"{repro}: the demo made no decision; stderr: {demo.Stderr}");
                Thread.Sleep(delay);
                int exit = demo.Kill();
                tally.Kills++;
                Assert.True(exit == 137, $"{repro}: the demo ended with {exit}, not by SIGKILL (137); stderr: {demo.Stderr}");

                // A snapshot is written to a .tmp name and renamed when whole: a .tmp left means the kill cut a write.
                if (Directory.EnumerateFiles(journal, "snapshot-*.hms.tmp").Any())
                {
                    tally.SnapshotWritesCut++;
                }
                if (cycle > 0)
                {
                    // The restarted demo recovered the previous kill's journal itself: count what it found.
                    tally.Recovered(demo.Stderr);
                }
            }

            string what = Repro(seed, kills, root);
            string statePath = Path.Combine(root, "state.bin");
            var (code, stdout, stderr) = HmProcess.Run("recover", "--journal", journal, "--state-out", statePath);
            Assert.True(code == 0, $"{what}: hm recover exited {code}: {stderr}");
            tally.Recovered(stdout);

            tally.JournalFiles += JournalFile.List(journal).Count;
            CheckState(book, journal, File.ReadAllBytes(statePath), what);
            CheckDecisions(book, journal, logs, what, tally);
            CheckSnapshots(book, journal, what, tally);
            keep = false;
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static string[] DemoArguments(string journal, string log, int seed, bool responderThread, string snapshotEvery)
    {
        var args = new List<string>
        {
            "demo", "--journal", journal, "--decision-log", log, "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--duration", "60", "--rate", Rate, "--snapshot-every", snapshotEvery, "--journal-file-bytes", JournalFileBytes,
        };
        if (responderThread)
        {
            args.Add("--responder-thread");
        }

        return [.. args];
    }

    /// <summary>(a) The state hm recover rebuilt (snapshot + tail) equals a fresh engine fed every journalled event.</summary>
    private static void CheckState(Book book, string journal, byte[] recovered, string what)
    {
        // hm recover has set any torn tail aside, so the fresh replay reads exactly the prefix it recovered.
        var (fresh, end, _) = JournalReplay.FromScratch(book, journal);
        Assert.True(end.IsClean, $"{what}: the journal still has a bad tail after recovery: {end}");
        byte[] replayed = fresh.CaptureState();
        if (StateImageLayout.FirstDifference(fresh, recovered, replayed) is { } difference)
        {
            Assert.Fail($"{what}: the recovered state differs from a fresh replay of the journal: {difference}");
        }
    }

    /// <summary>(b) Every decision the client received is journalled, and replaying the journal gives it the same code.</summary>
    private static void CheckDecisions(Book book, string journal, List<string> logs, string what, CrashTally tally)
    {
        var replayed = new Dictionary<(int Account, long ClientOrderId), RejectCode>();
        var engine = new RiskEngine(book);
        using (var reader = new JournalReader(journal))
        {
            while (reader.TryRead(out long sequence, out var e))
            {
                var decision = JournalReplay.Apply(engine, e);
                if (e.Kind is JournalEventKind.Order or JournalEventKind.Replace
                    && !replayed.TryAdd((e.Order.Account, e.Order.ClientOrderId), decision.Code))
                {
                    Assert.Fail($"{what}: client order id {e.Order.ClientOrderId} of account {e.Order.Account} is journalled twice (sequence {sequence}): the demo's ids must be unique across restarts");
                }
            }
        }

        foreach (string log in logs)
        {
            var (lines, partial) = DecisionLogFile.Read(log);
            Assert.NotEmpty(lines);
            if (partial)
            {
                tally.PartialLines++;
            }

            foreach (var (account, id, code) in lines)
            {
                if (code is RejectCode.Saturated or RejectCode.GateStopped)
                {
                    // Refused on the producer's thread before reaching the ring: never journalled, by design.
                    tally.Refusals++;
                    continue;
                }

                Assert.True(replayed.TryGetValue((account, id), out var again), $"{what}: {Path.GetFileName(log)}: the client received {code} for order {id} of account {account}, which is not in the journal");
                Assert.True(again == code, $"{what}: {Path.GetFileName(log)}: the client received {code} for order {id} of account {account}, the journal replays it as {again}");
                tally.DecisionsChecked++;
            }
        }
    }

    /// <summary>
    /// (c) Every snapshot left on disk (whole ones only: a cut write is a .tmp) holds exactly the state a fresh engine
    /// reaches after the journal's events up to the sequence it is named for. Stronger than (a) against a snapshot
    /// tagged with a sequence off by one: recovery then re-applies or skips one event, often without effect (a repeated
    /// order is a duplicate, a repeated cancel finds nothing), whereas here any event that changed the state shows.
    /// </summary>
    private static void CheckSnapshots(Book book, string journal, string what, CrashTally tally)
    {
        var shape = (book.Assets.Count, book.Instruments.Count, book.Accounts.Count);
        var snapshots = new Dictionary<long, byte[]>();
        foreach (var (sequence, path) in SnapshotFile.List(journal))
        {
            Assert.True(SnapshotFile.TryRead(path, shape, out _, out byte[] body, out string? problem), $"{what}: {Path.GetFileName(path)}: {problem}");
            snapshots[sequence] = body;
        }

        var engine = new RiskEngine(book);
        using var reader = new JournalReader(journal);
        while (snapshots.Count > 0 && reader.TryRead(out long sequence, out var e))
        {
            JournalReplay.Apply(engine, e);
            if (snapshots.Remove(sequence, out byte[]? body))
            {
                byte[] replayed = engine.CaptureState();

                // The body is the engine's image, then the recalculation's (the demo has no EWMA estimators: a zero count).
                Assert.True(body.Length == replayed.Length + sizeof(int) && body.AsSpan(replayed.Length).IndexOfAnyExcept((byte)0) < 0, $"{what}: snapshot {sequence}: {body.Length:N0} bytes, expected the {replayed.Length:N0}-byte engine image and an empty recalculation section");
                if (StateImageLayout.FirstDifference(engine, body[..replayed.Length], replayed) is { } difference)
                {
                    Assert.Fail($"{what}: snapshot {sequence} differs from a fresh replay of the journal to that sequence: {difference}");
                }

                tally.SnapshotsChecked++;
            }
        }

        Assert.True(snapshots.Count == 0, $"{what}: snapshots beyond the journal's end: {string.Join(", ", snapshots.Keys)}");
    }

    private static string Repro(int seed, List<string> kills, string root) =>
        $"seed {seed}, SIGKILL {string.Join(", restart, SIGKILL ", kills)} (journal and decision logs kept in {root})";
}
