namespace HybridMargin.Journal;

/// <summary>The outcome of decoding one record from a span.</summary>
internal enum JournalRecordStatus : byte
{
    /// <summary>A whole, intact record.</summary>
    Ok,

    /// <summary>A zero length field: the end of the written data.</summary>
    End,

    /// <summary>The span ends inside the record.</summary>
    Truncated,

    /// <summary>The length field is out of range.</summary>
    BadLength,

    /// <summary>The checksum does not match.</summary>
    BadChecksum,

    /// <summary>Unknown kind, or a length that does not fit the kind.</summary>
    BadPayload,
}
