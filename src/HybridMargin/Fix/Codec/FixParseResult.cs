namespace HybridMargin.Fix.Codec;

/// <summary>
/// The outcome of one <see cref="FixParser.Parse"/> call: never an exception, so the read loop stays branch-cheap.
/// </summary>
/// <param name="Status">Incomplete, complete, or error.</param>
/// <param name="Error">Why, when <see cref="Status"/> is <see cref="FixParseStatus.Error"/>.</param>
/// <param name="Length">Bytes the message (or the garbage to drop) occupies; 0 when incomplete.</param>
/// <param name="Offset">Offset of the first offending byte from the start of the buffer (errors only).</param>
/// <param name="Tag">The offending tag, where there is one (duplicate or empty value), else 0.</param>
public readonly record struct FixParseResult(FixParseStatus Status, FixParseError Error, int Length, int Offset, int Tag)
{
    /// <summary>Framing errors leave nothing to answer: the bytes are dropped (garbled message, FIX session rules).</summary>
    public bool IsGarbled => Error is FixParseError.Garbage or FixParseError.BodyLengthInvalid or FixParseError.ChecksumInvalid or FixParseError.HeaderOutOfOrder;

    internal static FixParseResult Incomplete => default;

    internal static FixParseResult Complete(int length) => new(FixParseStatus.Complete, FixParseError.None, length, 0, 0);

    internal static FixParseResult Fail(FixParseError error, int length, int offset, int tag = 0) => new(FixParseStatus.Error, error, length, offset, tag);
}
