namespace HybridMargin.Journal;

/// <summary>What a <see cref="JournalWriter.Flush"/> must survive.</summary>
public enum JournalDurability : byte
{
    /// <summary>A crash of the process: the records are handed to the operating system (written, not fsynced).</summary>
    ProcessCrash = 1,

    /// <summary>A power loss too: the records are written and the file is flushed to the disk (fsync).</summary>
    PowerLoss = 2,
}
