using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;
using Microsoft.Win32.SafeHandles;

namespace HybridMargin.Tests.Journal;

public class GateRecoveryFaultTests
{
    private static GateOptions Options(string directory, int snapshotEvery = 0, Func<string, long, SafeFileHandle>? createFile = null, long maxFileBytes = 64 << 10) => new()
    {
        RingSize = 256,
        WaitStrategy = WaitStrategyKind.Blocking,
        Journal = new JournalOptions { Directory = directory, SnapshotEveryEvents = snapshotEvery, MaxFileBytes = maxFileBytes, KeepSnapshots = 3, CreateFile = createFile },
    };

    /// <summary>Runs a seeded flow on a journalled gate in <paramref name="directory"/> and returns the state it stopped with.</summary>
    private static byte[] RunFlow(Book book, string directory, int seed, int events, int snapshotEvery = 0)
    {
        using var gate = new RiskGate(book, Options(directory, snapshotEvery));
        gate.Start();
        new JournalledFlow(gate, seed).Run(events);
        Assert.True(gate.Stop());
        return gate.Engine.CaptureState();
    }

    private static List<JournalEvent> ReadEvents(string directory)
    {
        var events = new List<JournalEvent>();
        using var reader = new JournalReader(directory);
        while (reader.TryRead(out _, out var e))
        {
            events.Add(e);
        }

        return events;
    }

    private static byte[] StateAfter(Book book, IEnumerable<JournalEvent> events)
    {
        var engine = new RiskEngine(book);
        foreach (var e in events)
        {
            JournalReplay.Apply(engine, e);
        }

        return engine.CaptureState();
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public void A_torn_last_record_ends_recovery_at_the_record_before_it_reports_where_and_keeps_the_tail_aside()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        byte[] stopped = RunFlow(book, dir.Path, seed: 21, events: 1_500);
        var end = new JournalReader(dir.Path).ReadToEnd();
        // Half a record after the last one, as a crash in the middle of an append leaves it.
        using (var stream = new FileStream(end.File!, FileMode.Open, FileAccess.Write))
        {
            stream.Position = end.Offset;
            stream.Write([40, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF, 7, 7, 7]);
        }

        using var restarted = new RiskGate(book, Options(dir.Path));
        var report = restarted.Recovery!;

        // In a file allocated at full size the missing part of a torn record reads as zeros: a checksum mismatch.
        Assert.Equal(JournalEndReason.BadChecksum, report.End.Reason);
        Assert.Equal(end.File, report.End.File);
        Assert.Equal(end.Offset, report.End.Offset);
        Assert.Equal(end.LastGoodSequence, report.LastSequence);
        string aside = Assert.Single(report.SetAside);
        Assert.StartsWith(end.File + ".aside-", aside);
        Assert.Equal(end.Offset, new FileInfo(end.File!).Length);
        Assert.Equal(stopped, restarted.Engine.CaptureState());
    }

    [Fact]
    public void After_recovering_from_a_torn_tail_the_gate_journals_on_and_the_whole_history_replays_cleanly()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        RunFlow(book, dir.Path, seed: 22, events: 800);
        var end = new JournalReader(dir.Path).ReadToEnd();
        File.WriteAllBytes(end.File!, File.ReadAllBytes(end.File!)[..(int)(end.Offset - 5)]);

        byte[] stopped;
        using (var gate = new RiskGate(book, Options(dir.Path)))
        {
            Assert.Equal(JournalEndReason.TruncatedRecord, gate.Recovery!.End.Reason);
            gate.Start();
            new JournalledFlow(gate, seed: 23, firstId: 1_000_000).Run(800);
            Assert.True(gate.Stop());
            stopped = gate.Engine.CaptureState();
        }

        var (fresh, freshEnd, _) = JournalReplay.FromScratch(book, dir.Path);
        Assert.True(freshEnd.IsClean, freshEnd.ToString());
        Assert.Equal(stopped, fresh.CaptureState());
    }

    [Fact]
    public void A_flipped_byte_anywhere_ends_recovery_at_the_last_intact_record_with_nothing_after_it_loaded()
    {
        using var original = new TempDirectory();
        var book = BookLoader.LoadSample();
        RunFlow(book, original.Path, seed: 24, events: 3_000);
        var events = ReadEvents(original.Path);
        var files = JournalFile.List(original.Path);
        Assert.True(files.Count >= 2, "the flow should span several files");
        var random = new Random(24);

        for (int trial = 0; trial < 12; trial++)
        {
            using var dir = new TempDirectory();
            CopyDirectory(original.Path, dir.Path);
            var (_, path) = files[random.Next(files.Count)];
            string copy = Path.Combine(dir.Path, Path.GetFileName(path));
            var originalEnd = new JournalReader(original.Path).ReadToEnd();
            long dataEnd = originalEnd.File == path ? originalEnd.Offset : new FileInfo(path).Length;
            byte[] bytes = File.ReadAllBytes(copy);
            int offset = random.Next(JournalFile.HeaderSize, (int)Math.Min(dataEnd, bytes.Length));
            bytes[offset] ^= (byte)(1 + random.Next(255));
            File.WriteAllBytes(copy, bytes);

            using var gate = new RiskGate(book, Options(dir.Path));
            var report = gate.Recovery!;

            string context = $"trial {trial}: byte {offset} of {Path.GetFileName(path)}";
            Assert.False(report.End.IsClean, context);
            Assert.Equal(copy, report.End.File);
            Assert.True(report.End.Offset <= offset, context);
            Assert.True(report.LastSequence < events.Count, context);
            Assert.NotEmpty(report.SetAside);
            Assert.Equal(StateAfter(book, events.Take((int)report.LastSequence)), gate.Engine.CaptureState());
        }
    }

    [Fact]
    public void A_corrupted_newest_snapshot_is_skipped_for_an_older_one_and_the_state_is_the_same()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        byte[] stopped = RunFlow(book, dir.Path, seed: 25, events: 4_000, snapshotEvery: 700);
        var snapshots = SnapshotFile.List(dir.Path);
        Assert.True(snapshots.Count >= 2, $"{snapshots.Count} snapshots");
        byte[] newest = File.ReadAllBytes(snapshots[0].Path);
        newest[^10] ^= 0x40;
        File.WriteAllBytes(snapshots[0].Path, newest);

        using var gate = new RiskGate(book, Options(dir.Path));
        var report = gate.Recovery!;

        Assert.Equal(snapshots[1].Path, report.Snapshot);
        Assert.Contains(report.RejectedSnapshots, r => r.Contains("checksum", StringComparison.Ordinal));
        Assert.Equal(stopped, gate.Engine.CaptureState());
    }

    [Fact]
    public void A_snapshot_ahead_of_a_damaged_journal_is_set_aside_and_never_loaded()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        RunFlow(book, dir.Path, seed: 26, events: 3_000, snapshotEvery: 900);
        var events = ReadEvents(dir.Path);
        var snapshots = SnapshotFile.List(dir.Path);
        long newest = snapshots[0].Sequence;
        // Damage the journal a little before the newest snapshot's sequence: that snapshot now describes events the
        // journal has lost.
        var files = JournalFile.List(dir.Path);
        var (_, last) = files.Last(f => JournalFile.FirstSequence(f.Path) <= newest - 5);
        long cut = RecordOffset(dir.Path, last, newest - 5);
        byte[] bytes = File.ReadAllBytes(last);
        bytes[cut + 12] ^= 0xFF;
        File.WriteAllBytes(last, bytes);

        using var gate = new RiskGate(book, Options(dir.Path));
        var report = gate.Recovery!;

        Assert.Equal(newest - 6, report.LastSequence);
        Assert.NotEqual(snapshots[0].Path, report.Snapshot);
        Assert.Contains(report.SetAside, p => p.StartsWith(snapshots[0].Path + ".aside-", StringComparison.Ordinal));
        Assert.False(File.Exists(snapshots[0].Path));
        Assert.Equal(StateAfter(book, events.Take((int)report.LastSequence)), gate.Engine.CaptureState());
    }

    [Fact]
    public void A_full_disk_makes_the_gate_refuse_everything_with_JournalFailed_and_loses_nothing_acknowledged()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        int files = 0;
        SafeFileHandle CreateUntilFull(string path, long size) => ++files <= 2
            ? File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, size)
            : throw new IOException("No space left on device : '" + path + "'", 28);

        byte[] stopped;
        JournalledFlow flow;
        using (var gate = new RiskGate(book, Options(dir.Path, createFile: CreateUntilFull, maxFileBytes: 16 << 10)))
        {
            gate.Start();
            flow = new JournalledFlow(gate, seed: 27);
            flow.Run(2_000);
            Assert.True(gate.Stop());
            Assert.Contains("No space left on device", gate.JournalFault?.Message);
            stopped = gate.Engine.CaptureState();
        }

        var decisions = flow.Decisions.OrderBy(d => d.Key.Id).Select(d => d.Value).ToList();
        int firstFailed = decisions.FindIndex(d => d.Code == RejectCode.JournalFailed);
        Assert.True(firstFailed > 0, "the disk should fill during the flow");
        Assert.All(decisions[firstFailed..], d => Assert.Equal(RejectCode.JournalFailed, d.Code));
        Assert.Contains(decisions[..firstFailed], d => d.Accepted);
        Assert.StartsWith("JournalFailed: ", decisions[firstFailed].Text);

        // Nothing refused reached the state, and everything acknowledged is in the journal: a restart recovers exactly it.
        Assert.Equal(stopped, JournalReplay.FromScratch(book, dir.Path).Engine.CaptureState());
        using var restarted = new RiskGate(book, Options(dir.Path));
        Assert.Equal(stopped, restarted.Engine.CaptureState());
        var replayed = new Dictionary<(int, long), Decision>();
        var engine = new RiskEngine(book);
        foreach (var e in ReadEvents(dir.Path))
        {
            var decision = JournalReplay.Apply(engine, e);
            if (e.Kind == JournalEventKind.Order)
            {
                replayed[(e.Order.Account, e.Order.ClientOrderId)] = decision;
            }
        }

        foreach (var (key, decision) in flow.Decisions.Where(d => d.Value.Code != RejectCode.JournalFailed))
        {
            Assert.Equal(decision, replayed[key]);
        }
    }

    [Fact]
    public void Power_loss_durability_journals_and_recovers_like_the_default()
    {
        using var dir = new TempDirectory();
        var book = BookLoader.LoadSample();
        var options = Options(dir.Path) with { Journal = Options(dir.Path).Journal! with { Durability = JournalDurability.PowerLoss } };
        byte[] stopped;
        using (var gate = new RiskGate(book, options))
        {
            gate.Start();
            new JournalledFlow(gate, seed: 28).Run(1_000);
            Assert.True(gate.Stop());
            stopped = gate.Engine.CaptureState();
        }

        using var restarted = new RiskGate(book, options);
        Assert.Equal(stopped, restarted.Engine.CaptureState());
    }

    [Fact]
    public void Power_loss_durability_with_replies_on_the_risk_thread_is_refused_with_the_reason()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path) with
        {
            ReplyOnRiskThread = true,
            Journal = Options(dir.Path).Journal! with { Durability = JournalDurability.PowerLoss },
        };

        var error = Assert.Throws<ArgumentException>(() => new RiskGate(BookLoader.LoadSample(), options));
        Assert.Contains("ReplyOnRiskThread", error.Message);
    }

    [Fact]
    public void A_journal_that_starts_after_sequence_one_without_a_snapshot_is_refused()
    {
        using var dir = new TempDirectory();
        JournalTestData.Write(dir.Path, [JournalEvent.ForKillSwitch(0, true)], firstSequence: 50);

        var error = Assert.Throws<InvalidDataException>(() => new RiskGate(BookLoader.LoadSample(), Options(dir.Path)));
        Assert.Contains("starts at sequence 50", error.Message);
    }

    /// <summary>The byte offset of the record with <paramref name="sequence"/> in <paramref name="file"/>.</summary>
    private static long RecordOffset(string directory, string file, long sequence)
    {
        using var reader = new JournalReader(directory);
        long previousEndOffset = JournalFile.HeaderSize;
        string? currentFile = null;
        while (reader.TryRead(out long read, out var e))
        {
            string recordFile = reader.CurrentFile!;
            if (recordFile != currentFile)
            {
                currentFile = recordFile;
                previousEndOffset = JournalFile.HeaderSize;
            }

            long size = JournalRecord.RecordSize(e);
            if (read == sequence)
            {
                Assert.Equal(file, recordFile);
                return previousEndOffset;
            }

            previousEndOffset += size;
        }

        throw new InvalidOperationException($"sequence {sequence} not found");
    }
}
