using System.Buffers;

namespace HybridMargin.Fix.Codec;

/// <summary>
/// Parses the message at the start of a pipe's buffer. A message inside the first segment is parsed in place; one
/// split across segments is first copied into a scratch buffer of the maximum message size (the only copy, and only
/// for split messages).
/// </summary>
public sealed class FixFrameReader
{
    private readonly byte[] _scratch;

    /// <summary>Creates a reader refusing messages above <paramref name="maxMessageBytes"/>.</summary>
    public FixFrameReader(int maxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 64);
        _scratch = new byte[maxMessageBytes];
    }

    /// <summary>Largest message accepted.</summary>
    public int MaxMessageBytes => _scratch.Length;

    /// <summary>
    /// Parses the first message of <paramref name="buffer"/>. Unless incomplete, the caller consumes
    /// <see cref="FixParseResult.Length"/> bytes after handling <paramref name="message"/>, which is valid until then.
    /// </summary>
    public FixParseResult Read(in ReadOnlySequence<byte> buffer, FixMessage message)
    {
        if (buffer.IsEmpty)
        {
            return default;
        }

        var result = FixParser.Parse(buffer.First, message, _scratch.Length);
        if (result.Status != FixParseStatus.Incomplete || buffer.IsSingleSegment || buffer.First.Length >= _scratch.Length)
        {
            return result;
        }

        int length = (int)Math.Min(buffer.Length, _scratch.Length);
        buffer.Slice(0, length).CopyTo(_scratch);
        return FixParser.Parse(_scratch.AsMemory(0, length), message, _scratch.Length);
    }
}
