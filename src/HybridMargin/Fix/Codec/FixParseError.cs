namespace HybridMargin.Fix.Codec;

/// <summary>
/// Why bytes are not a valid FIX message. The first group are framing errors (the message is garbled: FIX says
/// ignore it and let the sequence gap bring it back); the second group are errors in a well-framed message with a
/// good checksum, which the session answers with a Reject (35=3) — except <see cref="HeaderOutOfOrder"/>, which FIX
/// also counts as garbled.
/// </summary>
public enum FixParseError : byte
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Bytes before a message that do not start with <c>8=FIX</c>: skipped up to the next <c>8=FIX</c>.</summary>
    Garbage,

    /// <summary>BeginString is another FIX version than FIX.4.4 (the session logs out).</summary>
    BeginStringInvalid,

    /// <summary>BodyLength (9) missing, not a number, or not followed by the checksum where it says.</summary>
    BodyLengthInvalid,

    /// <summary>The declared size exceeds the configured maximum (the session disconnects).</summary>
    MessageTooLarge,

    /// <summary>CheckSum (10) malformed or not the sum of the bytes.</summary>
    ChecksumInvalid,

    /// <summary>A tag is not a positive number without leading zeros.</summary>
    TagInvalid,

    /// <summary>A tag has an empty value.</summary>
    ValueEmpty,

    /// <summary>A tag appears twice (other than within repeating groups: after a FIX 4.4 NumInGroup field).</summary>
    DuplicateTag,

    /// <summary>MsgType (35) is not the third field: garbled (FIX), though the fields are indexed.</summary>
    HeaderOutOfOrder,

    /// <summary>More fields than the configured maximum.</summary>
    TooManyFields,
}
