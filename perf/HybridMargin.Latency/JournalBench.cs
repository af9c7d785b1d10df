using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;

namespace HybridMargin.Latency;

/// <summary>
/// Issue 7's figures: submit → decision with and without the journal in the same run (the variants interleaved round
/// by round so drift in the machine's load hits them alike), replay speed, and recovery time of a 10 M-event journal.
/// </summary>
internal static class JournalBench
{
    private const int Rounds = 3;

    private static readonly (string Name, GateConfig Config)[] Configs =
    [
        ("reply on risk thread", new GateConfig("Yielding, reply on risk thread, risk core 1", WaitStrategyKind.Yielding, 1, null, ReplyOnRiskThread: true)),
        ("responder thread", new GateConfig("Yielding, risk core 1, responder core 0", WaitStrategyKind.Yielding, 1, 0)),
    ];

    public static void Run(Report report, Settings s, long replayEvents)
    {
        RunLatency(report, s);
        RunReplay(report, replayEvents, ticks: true);
        RunReplay(report, replayEvents, ticks: false);
    }

    private static void RunLatency(Report report, Settings s)
    {
        var templates = GateBench.Preflight();
        report.Section(
            "Journal: submit → decision with and without the journal",
            $"sync RiskGate.Submit, one order outstanding, accepted orders cancelled (untimed), as in the gate section; journal in {Path.GetTempPath()} " +
            $"(memory-mapped files of 64 MiB, no snapshots); {Rounds} rounds of {s.GateLatencySeconds.TotalSeconds:F1} s per variant, variants interleaved, histograms merged per variant");
        foreach (var (name, config) in Configs)
        {
            var variants = config.ReplyOnRiskThread
                ? new JournalDurability?[] { null, JournalDurability.ProcessCrash }
                : [null, JournalDurability.ProcessCrash, JournalDurability.PowerLoss];
            var histograms = variants.Select(_ => Hist.Create()).ToArray();
            var codes = variants.Select(_ => new long[32]).ToArray();
            var collections = new GcCounts[variants.Length];
            for (int round = 0; round < Rounds; round++)
            {
                for (int v = 0; v < variants.Length; v++)
                {
                    GateBench.WaitForQuietMachine();
                    collections[v] += Measure(s, config, variants[v], templates, histograms[v], codes[v]);
                }
            }

            for (int v = 0; v < variants.Length; v++)
            {
                string journal = variants[v] is { } d ? $"journal {d}" : "no journal";
                report.Latency($"gate sync Submit, {name}, {journal}", histograms[v], GateBench.CodeSummary(codes[v]), collections[v]);
            }
        }

        report.EndTable();
    }

    private static GcCounts Measure(Settings s, GateConfig config, JournalDurability? durability, List<OrderTemplate> templates, LongHistogram h, long[] codes)
    {
        string directory = Path.Combine(Path.GetTempPath(), "hm-journal-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions
            {
                WaitStrategy = config.Wait,
                RiskCore = config.RiskCore,
                ResponderCore = config.ResponderCore,
                ReplyOnRiskThread = config.ReplyOnRiskThread,
                RingSize = 16384,
                Journal = durability is { } d ? new JournalOptions { Directory = directory, Durability = d, SnapshotEveryEvents = 0 } : null,
            });
            gate.Start();
            long ids = 0;
            var collections = default(GcCounts);
            var submitter = Threads.Start("journal-submitter", 0, () =>
            {
                var sink = new OneShotSink();
                var cancelSink = new OneShotSink();
                long warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
                GateBench.RunLatencyLoop(gate, templates, true, sink, cancelSink, ref ids, 20_000, warmupEnd, null, null);
                var start = GcCounts.Now();
                long end = Stopwatch.GetTimestamp() + (long)(s.GateLatencySeconds.TotalSeconds * Stopwatch.Frequency);
                GateBench.RunLatencyLoop(gate, templates, true, sink, cancelSink, ref ids, long.MaxValue, end, h, codes);
                collections = GcCounts.Since(start);
            });
            submitter.Join();
            gate.Stop();
            if (gate.JournalFault is { } fault)
            {
                throw new InvalidOperationException("the journal failed during the benchmark", fault);
            }

            return collections;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Replay speed of an existing journal (e.g. one written by <c>hm demo --journal</c>): the first pass includes the
    /// JIT's tiering, later passes are the steady state a long replay or recovery runs at.
    /// </summary>
    public static void RunReplayOf(Report report, string directory, int passes)
    {
        var book = BookLoader.LoadSample();
        string mix;
        using (var reader = new JournalReader(directory))
        {
            var counts = new long[32];
            while (reader.TryRead(out _, out var e))
            {
                counts[(int)e.Kind]++;
            }

            long total = counts.Sum();
            mix = string.Join(", ", Enum.GetValues<JournalEventKind>().Where(k => counts[(int)k] > 0)
                .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {100.0 * counts[(int)k] / total:F1} %")));
        }

        report.Section($"Journal: replay of {directory}", $"sample book; event mix {mix}; {passes} passes in this process, files in the page cache");
        byte[]? first = null;
        for (int pass = 1; pass <= passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            var (engine, end, replayed) = JournalReplay.FromScratch(book, directory);
            var elapsed = clock.Elapsed;
            var state = engine.CaptureState();
            first ??= state;
            report.Throughput($"pass {pass}{(pass == 1 ? " (JIT tiering included)" : string.Empty)}: JournalReplay.FromScratch", replayed, elapsed, $"{end.Reason}; state equals pass 1's: {state.AsSpan().SequenceEqual(first)}");
        }
    }

    private static void RunReplay(Report report, long events, bool ticks)
    {
        string directory = Path.Combine(Path.GetTempPath(), "hm-journal-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            var book = BookLoader.LoadSample();
            var clock = Stopwatch.StartNew();
            var mix = JournalWorkload.Write(book, directory, events, ticks);
            var written = clock.Elapsed;
            long bytes = JournalFile.List(directory).Sum(f => new FileInfo(f.Path).Length);
            report.Section(
                $"Journal: replay and recovery of a {events:N0}-event journal, {(ticks ? "with" : "without")} mark ticks",
                $"sample book; event mix {mix}; written by applying each event to an engine and appending it ({written.TotalSeconds:F1} s); {JournalFile.List(directory).Count} files, {bytes / (1 << 20):N0} MiB allocated; files in the page cache (just written)");

            clock.Restart();
            var (engine, end, replayed) = JournalReplay.FromScratch(book, directory);
            var replay = clock.Elapsed;
            report.Throughput("replay: JournalReplay.FromScratch (read, verify CRC, apply through the risk stage's code)", replayed, replay, $"{end.Reason}; state equals the writer's: {engine.CaptureState().AsSpan().SequenceEqual(mix.FinalState)}");

            clock.Restart();
            using (var reader = new JournalReader(directory))
            {
                reader.ReadToEnd();
            }

            report.Throughput("read + verify only (JournalReader, no engine)", replayed, clock.Elapsed);

            clock.Restart();
            var (_, full) = JournalRecovery.Recover(book, directory);
            var fullTime = clock.Elapsed;
            report.Throughput("recovery without a snapshot (verify pass + replay of every event)", replayed, fullTime, full.ToString());

            SnapshotFile.Write(directory, mix.SnapshotSequence, mix.SnapshotEngine);
            clock.Restart();
            var (recovered, withSnapshot) = JournalRecovery.Recover(book, directory);
            var snapshotTime = clock.Elapsed;
            report.Throughput($"recovery from a snapshot at sequence {mix.SnapshotSequence:N0} (verify pass + load + replay of the rest)", replayed, snapshotTime, withSnapshot + $"; state equals: {recovered.CaptureState().AsSpan().SequenceEqual(mix.FinalState)}");
            report.EndTable();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- recovery time: {fullTime.TotalSeconds:F2} s without a snapshot, {snapshotTime.TotalSeconds:F2} s from the snapshot; replay {replayed / replay.TotalSeconds / 1e6:F2} M events/s"));
            Console.WriteLine();
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
