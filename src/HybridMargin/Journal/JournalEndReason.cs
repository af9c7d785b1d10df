namespace HybridMargin.Journal;

/// <summary>Why a <see cref="JournalReader"/> stopped.</summary>
public enum JournalEndReason : byte
{
    /// <summary>Clean end: the last file ends at a record boundary (end of file or zero-filled preallocated tail).</summary>
    EndOfJournal = 1,

    /// <summary>The file ends inside a record (a torn write).</summary>
    TruncatedRecord,

    /// <summary>A record's length field is out of range.</summary>
    BadLength,

    /// <summary>A record's checksum does not match its bytes.</summary>
    BadChecksum,

    /// <summary>A checksummed record has an unknown kind or a payload length that does not match its kind.</summary>
    BadPayload,

    /// <summary>A record's sequence does not follow the previous one.</summary>
    SequenceGap,

    /// <summary>A file header is missing, corrupted, of another version, or does not continue the previous file.</summary>
    BadHeader,

    /// <summary>Non-zero bytes follow the zero length that marks the end of the data.</summary>
    DataAfterEnd,

    /// <summary>A file number is missing between two journal files.</summary>
    MissingFile,
}
