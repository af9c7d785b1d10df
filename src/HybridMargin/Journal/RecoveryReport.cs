namespace HybridMargin.Journal;

/// <summary>What a gate's recovery found and did (see <see cref="JournalRecovery"/>).</summary>
public sealed record RecoveryReport
{
    /// <summary>The journal directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The snapshot the state was loaded from, or null when the journal was replayed from the book.</summary>
    public string? Snapshot { get; init; }

    /// <summary>The last journal sequence the snapshot included (0 without one).</summary>
    public long SnapshotSequence { get; init; }

    /// <summary>Snapshot files not used, with the reason (corrupted, another book, ahead of the journal).</summary>
    public IReadOnlyList<string> RejectedSnapshots { get; init; } = [];

    /// <summary>Journal events replayed after the snapshot.</summary>
    public long EventsReplayed { get; init; }

    /// <summary>The last journal sequence now in the state (0 for an empty journal).</summary>
    public long LastSequence { get; init; }

    /// <summary>Where and why reading the journal stopped: a torn or corrupted tail is reported here with its file and offset.</summary>
    public JournalEnd End { get; init; }

    /// <summary>Files (or file tails) moved aside because they follow the last good record: kept for inspection, never loaded.</summary>
    public IReadOnlyList<string> SetAside { get; init; } = [];

    /// <summary>The number of the journal file the gate writes next.</summary>
    public int NextFileNumber { get; init; }

    /// <summary>How long recovery took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        string from = Snapshot is null ? "the book" : $"{Path.GetFileName(Snapshot)} (sequence {SnapshotSequence})";
        string tail = End.IsClean ? "clean end" : $"{End.Reason} in {Path.GetFileName(End.File)} at offset {End.Offset}, set aside: {string.Join(", ", SetAside.Select(Path.GetFileName))}";
        return $"recovered from {from} + {EventsReplayed} journalled events to sequence {LastSequence} in {Elapsed.TotalMilliseconds:F0} ms; {tail}";
    }
}
