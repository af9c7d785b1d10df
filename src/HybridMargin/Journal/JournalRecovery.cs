using System.Diagnostics;
using System.Globalization;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Recalculation;

namespace HybridMargin.Journal;

/// <summary>
/// Rebuilds a gate's state from its journal directory (SPEC §2 determinism, issue 7): verify the journal to its last
/// good record; set aside whatever follows it (a torn or corrupted tail, later files) so it is kept but never loaded;
/// load the newest intact snapshot the journal covers; replay the journal after it through the risk stage's code.
/// </summary>
public static class JournalRecovery
{
    /// <summary>Recovers an engine from <paramref name="directory"/> (an empty or missing directory gives the book's state).</summary>
    /// <param name="book">The book the journalled gate was built from.</param>
    /// <param name="directory">The journal directory.</param>
    /// <param name="options">The engine options the gate used.</param>
    /// <returns>The recovered engine and what recovery did.</returns>
    /// <exception cref="InvalidDataException">The journal cannot be recovered (it starts after sequence 1 and no snapshot covers the gap).</exception>
    public static (RiskEngine Engine, RecoveryReport Report) Recover(Book book, string directory, RiskEngineOptions? options = null) =>
        Recover(book, options, null, directory);

    internal static (RiskEngine Engine, RecoveryReport Report) Recover(Book book, RiskEngineOptions? options, BackgroundRecalculation? recalculation, string directory)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);

        // Pass 1: verify every record, so the snapshot chosen is one the journal really continues.
        JournalEnd end;
        using (var verify = new JournalReader(directory))
        {
            end = verify.ReadToEnd();
        }

        long lastGood = end.LastGoodSequence;
        var setAside = new List<string>();
        if (!end.IsClean)
        {
            SetAside(directory, end, setAside);
        }

        var files = JournalFile.List(directory);
        var firstSequences = files.Select(f => JournalFile.FirstSequence(f.Path) ?? throw new InvalidDataException($"{f.Path}: header unreadable after verification")).ToArray();
        long journalFirst = files.Count > 0 ? firstSequences[0] : lastGood + 1;
        if (files.Count == 0)
        {
            lastGood = 0;
        }

        var rejected = new List<string>();
        var shape = (book.Assets.Count, book.Instruments.Count, book.Accounts.Count);
        RiskEngine? engine = null;
        string? snapshotPath = null;
        long snapshotSequence = 0;
        foreach (var (sequence, path) in SnapshotFile.List(directory))
        {
            string name = Path.GetFileName(path);
            if (sequence > lastGood)
            {
                // A snapshot of events the journal no longer has would, once the journal grows past it, be taken for a
                // state of a different history: it goes aside too.
                string aside = AsideName(path);
                File.Move(path, aside);
                setAside.Add(aside);
                rejected.Add($"{name}: sequence {sequence} is ahead of the journal's last good record {lastGood}");
                continue;
            }

            if (sequence < journalFirst - 1)
            {
                rejected.Add($"{name}: the journal starts at sequence {journalFirst}, after it");
                continue;
            }

            if (!SnapshotFile.TryRead(path, shape, out _, out byte[] body, out string? problem))
            {
                rejected.Add($"{name}: {problem}");
                continue;
            }

            var candidate = new RiskEngine(book, options);
            try
            {
                var image = new StateImageReader(body);
                candidate.VisitState(image);
                JournalStage.VisitRecalculation(image, recalculation);
                image.EnsureConsumed();
            }
            catch (InvalidDataException e)
            {
                rejected.Add($"{name}: {e.Message}");
                continue;
            }

            engine = candidate;
            snapshotPath = path;
            snapshotSequence = sequence;
            break;
        }

        if (engine is null)
        {
            if (journalFirst > 1)
            {
                throw new InvalidDataException(
                    $"the journal in {directory} starts at sequence {journalFirst} and no usable snapshot covers the events before it"
                    + (rejected.Count > 0 ? ": " + string.Join("; ", rejected) : ""));
            }

            engine = new RiskEngine(book, options);
        }

        // Pass 2: from the file holding the first event after the snapshot.
        int fromFile = 1;
        for (int i = 0; i < files.Count; i++)
        {
            if (firstSequences[i] <= snapshotSequence + 1)
            {
                fromFile = files[i].Number;
            }
        }

        long replayed = 0;
        long last = snapshotSequence;
        using (var reader = new JournalReader(directory, fromFileNumber: fromFile))
        {
            while (reader.TryRead(out long sequence, out var journalEvent))
            {
                if (sequence <= snapshotSequence)
                {
                    continue;
                }

                JournalReplay.Apply(engine, recalculation, journalEvent);
                last = sequence;
                replayed++;
            }

            if (!reader.End.IsClean || last != lastGood)
            {
                throw new InvalidDataException($"the journal in {directory} changed during recovery: verified to sequence {lastGood}, replayed to {last} ({reader.End.Reason})");
            }
        }

        var report = new RecoveryReport
        {
            Directory = directory,
            Snapshot = snapshotPath,
            SnapshotSequence = snapshotSequence,
            RejectedSnapshots = rejected,
            EventsReplayed = replayed,
            LastSequence = lastGood,
            End = end,
            SetAside = setAside,
            NextFileNumber = files.Count > 0 ? files[^1].Number + 1 : 1,
            Elapsed = clock.Elapsed,
        };
        return (engine, report);
    }

    /// <summary>Moves what follows the last good record out of the journal: a bad file's original bytes are copied aside and the file cut at the bad record; later files are renamed aside.</summary>
    private static void SetAside(string directory, JournalEnd end, List<string> setAside)
    {
        if (end.File is null)
        {
            return;
        }

        JournalFile.TryParseFileNumber(Path.GetFileName(end.File), out int badNumber);
        bool wholeFile = end.Reason is JournalEndReason.BadHeader or JournalEndReason.MissingFile;
        foreach (var (number, path) in JournalFile.List(directory))
        {
            if (number < badNumber)
            {
                continue;
            }

            string aside = AsideName(path);
            if (number > badNumber || wholeFile)
            {
                File.Move(path, aside);
            }
            else
            {
                File.Copy(path, aside);
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
                stream.SetLength(end.Offset);
                stream.Flush(flushToDisk: true);
            }

            setAside.Add(aside);
        }

        DirectorySync.Flush(directory);
    }

    private static string AsideName(string path) =>
        path + ".aside-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture);
}
