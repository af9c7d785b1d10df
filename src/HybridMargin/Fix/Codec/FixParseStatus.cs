namespace HybridMargin.Fix.Codec;

/// <summary>What <see cref="FixParser.Parse"/> found at the start of the buffer.</summary>
public enum FixParseStatus : byte
{
    /// <summary>More bytes are needed; nothing was consumed.</summary>
    Incomplete,

    /// <summary>One whole, valid message of <see cref="FixParseResult.Length"/> bytes.</summary>
    Complete,

    /// <summary>The bytes are not a valid message; <see cref="FixParseResult.Error"/> says why and <see cref="FixParseResult.Length"/> how many to drop.</summary>
    Error,
}
