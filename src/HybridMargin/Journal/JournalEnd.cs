namespace HybridMargin.Journal;

/// <summary>Where and why a <see cref="JournalReader"/> stopped.</summary>
/// <param name="LastGoodSequence">Sequence of the last record read intact: the first file's first sequence minus one when none was, 0 when the first header is unreadable or there is no file.</param>
/// <param name="File">The file in which reading stopped (null when the directory holds no journal file).</param>
/// <param name="Offset">Byte offset in <paramref name="File"/> of the first byte not accepted: the start of the bad record, or the end of the data.</param>
/// <param name="Reason">Why reading stopped.</param>
public readonly record struct JournalEnd(long LastGoodSequence, string? File, long Offset, JournalEndReason Reason)
{
    /// <summary>Whether the journal ended cleanly (no torn or corrupted data).</summary>
    public bool IsClean => Reason == JournalEndReason.EndOfJournal;
}
