namespace HybridMargin.Journal;

/// <summary>How a gate journals its inbound events and snapshots its state (see <see cref="Gate.GateOptions.Journal"/>).</summary>
public sealed record JournalOptions
{
    /// <summary>The directory of the journal and snapshot files; a gate started on it first recovers what it holds.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// What a released decision survives. <see cref="JournalDurability.ProcessCrash"/> (default): the event is in the
    /// operating system's page cache before its decision leaves the risk thread. <see cref="JournalDurability.PowerLoss"/>:
    /// also fsynced, once per batch of events (group commit) before the batch's decisions are released; needs the
    /// responder thread (<see cref="Gate.GateOptions.ReplyOnRiskThread"/> false).
    /// </summary>
    public JournalDurability Durability { get; init; } = JournalDurability.ProcessCrash;

    /// <summary>Size of each journal file (allocated when created). Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>A state snapshot is taken after this many journalled events (skipped while the previous one is still being written); 0 takes none. Default 1,000,000.</summary>
    public int SnapshotEveryEvents { get; init; } = 1_000_000;

    /// <summary>Snapshots kept (older ones are deleted after a new one is written). Default 2.</summary>
    public int KeepSnapshots { get; init; } = 2;

    /// <summary>Creates journal files; tests replace it to simulate a full disk.</summary>
    internal Func<string, long, Microsoft.Win32.SafeHandles.SafeFileHandle>? CreateFile { get; init; }

    /// <summary>Fsyncs journal files; tests replace it to simulate a failing fsync.</summary>
    internal Action<Microsoft.Win32.SafeHandles.SafeFileHandle>? FlushFile { get; init; }
}
