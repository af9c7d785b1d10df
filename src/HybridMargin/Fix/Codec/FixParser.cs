using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HybridMargin.Fix.Codec;

/// <summary>
/// Frames and indexes one FIX 4.4 message at the start of a buffer: BeginString, BodyLength and CheckSum are
/// validated, every field is indexed in place. Never throws on input; the result says incomplete, complete or
/// why not (with the offset), and how many bytes to drop.
/// </summary>
public static class FixParser
{
    /// <summary>The field separator.</summary>
    public const byte Soh = 0x01;

    /// <summary>Bytes of the trailer <c>10=nnn&lt;SOH&gt;</c>.</summary>
    public const int TrailerLength = 7;

    private const int MaxBodyLengthDigits = 7;
    private const int MaxTagDigits = 9;

    /// <summary><c>8=FIX.4.4&lt;SOH&gt;</c>.</summary>
    public static ReadOnlySpan<byte> BeginString => "8=FIX.4.4\u0001"u8;

    /// <summary>Parses the message at the start of <paramref name="input"/> into <paramref name="message"/>.</summary>
    /// <param name="input">Buffered bytes; the message must be contiguous.</param>
    /// <param name="message">Receives the field index (reset first); valid only when the result is complete or a content error.</param>
    /// <param name="maxMessageBytes">Messages declaring more bytes than this are refused before they are buffered.</param>
    public static FixParseResult Parse(ReadOnlyMemory<byte> input, FixMessage message, int maxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(message);
        var span = input.Span;
        int n = span.Length;
        if (n == 0)
        {
            return FixParseResult.Incomplete;
        }

        var begin = BeginString;
        if (span[0] != (byte)'8' || (n > 1 && span[1] != (byte)'='))
        {
            return FixParseResult.Fail(FixParseError.Garbage, SkipGarbage(span, 1), 0);
        }

        int common = Math.Min(n, begin.Length);
        if (!span[..common].SequenceEqual(begin[..common]))
        {
            // FIX: a BeginString not of the form FIX.n.m makes the bytes garbled (skipped); another FIX version is refused.
            int fix = Math.Min(n, 5);
            return span[..fix].SequenceEqual("8=FIX"u8[..fix])
                ? FixParseResult.Fail(FixParseError.BeginStringInvalid, SkipGarbage(span, 1), 2)
                : FixParseResult.Fail(FixParseError.Garbage, SkipGarbage(span, 1), 0);
        }

        if (n < begin.Length + 2)
        {
            return FixParseResult.Incomplete;
        }

        int pos = begin.Length;
        if (span[pos] != (byte)'9' || span[pos + 1] != (byte)'=')
        {
            return FixParseResult.Fail(FixParseError.BodyLengthInvalid, SkipGarbage(span, 1), pos);
        }

        pos += 2;
        int bodyLength = 0;
        int digits = 0;
        while (true)
        {
            if (pos >= n)
            {
                return FixParseResult.Incomplete;
            }

            uint d = (uint)(span[pos] - '0');
            if (span[pos] == Soh && digits > 0)
            {
                break;
            }

            if (d > 9 || digits == MaxBodyLengthDigits)
            {
                return FixParseResult.Fail(FixParseError.BodyLengthInvalid, SkipGarbage(span, 1), pos);
            }

            bodyLength = (bodyLength * 10) + (int)d;
            digits++;
            pos++;
        }

        int bodyStart = pos + 1;
        int trailer = bodyStart + bodyLength;
        int total = trailer + TrailerLength;
        if (total > maxMessageBytes)
        {
            return FixParseResult.Fail(FixParseError.MessageTooLarge, Math.Min(n, total), bodyStart - 1);
        }

        if (n < total)
        {
            return FixParseResult.Incomplete;
        }

        if (span[trailer] != (byte)'1' || span[trailer + 1] != (byte)'0' || span[trailer + 2] != (byte)'=' || span[trailer + 6] != Soh
            || (trailer > 0 && span[trailer - 1] != Soh))
        {
            return FixParseResult.Fail(FixParseError.BodyLengthInvalid, SkipGarbage(span, 1), trailer);
        }

        uint c0 = (uint)(span[trailer + 3] - '0'), c1 = (uint)(span[trailer + 4] - '0'), c2 = (uint)(span[trailer + 5] - '0');
        // One pass sums the bytes and marks every separator for the field index below.
        var separators = message.Separators(total);
        int checksum = FixChecksum.ComputeAndMarkSeparators(span[..trailer], separators);
        for (int w = (trailer + 31) >> 5; w < separators.Length; w++)
        {
            separators[w] = 0;
        }

        separators[(total - 1) >> 5] |= 1u << ((total - 1) & 31);
        if (c0 > 9 || c1 > 9 || c2 > 9 || (int)((c0 * 100) + (c1 * 10) + c2) != checksum)
        {
            return FixParseResult.Fail(FixParseError.ChecksumInvalid, total, trailer + 3);
        }

        return IndexFields(input[..total], message);
    }

    private static FixParseResult IndexFields(ReadOnlyMemory<byte> framed, FixMessage message)
    {
        message.Reset(framed);
        var span = framed.Span;
        int total = span.Length;
        var firstError = default(FixParseResult);
        int pos = 0;
        int field = 0;

        // Position of the first NumInGroup field: a tag first seen at or after it may repeat (repeating-group
        // entries, e.g. two Parties in a NewOrderSingle); only its first occurrence is indexed.
        int groupsFrom = int.MaxValue;
        ref byte bytes = ref MemoryMarshal.GetReference(span);
        while (pos < total)
        {
            // Unchecked reads are safe: the framed span ends with the trailer's SOH, which ends every run below.
            int start = pos;
            uint d = (uint)(Unsafe.Add(ref bytes, pos) - '1');
            if (d > 8)
            {
                // Empty, a leading zero, or not a digit.
                return FixParseResult.Fail(FixParseError.TagInvalid, total, pos);
            }

            int tag = (int)d + 1;
            pos++;
            while (true)
            {
                byte b = Unsafe.Add(ref bytes, pos);
                if (b == (byte)'=')
                {
                    break;
                }

                d = (uint)(b - '0');
                if (d > 9 || pos - start == MaxTagDigits)
                {
                    return FixParseResult.Fail(FixParseError.TagInvalid, total, pos);
                }

                tag = (tag * 10) + (int)d;
                pos++;
            }

            int valueStart = ++pos;

            pos = message.NextSeparator(pos);

            int valueLength = pos - valueStart;
            pos++;
            if (field == 2 && tag != FixTag.MsgType && firstError.Status == FixParseStatus.Incomplete)
            {
                firstError = FixParseResult.Fail(FixParseError.HeaderOutOfOrder, total, start, tag);
            }

            field++;
            if (valueLength == 0)
            {
                if (firstError.Status == FixParseStatus.Incomplete)
                {
                    firstError = FixParseResult.Fail(FixParseError.ValueEmpty, total, start, tag);
                }

                continue;
            }

            if (message.Count == message.Capacity)
            {
                return FixParseResult.Fail(FixParseError.TooManyFields, total, start, tag);
            }

            if (!message.TryAdd(tag, valueStart, valueLength))
            {
                if (message.PositionOf(tag) < groupsFrom && firstError.Status == FixParseStatus.Incomplete)
                {
                    firstError = FixParseResult.Fail(FixParseError.DuplicateTag, total, start, tag);
                }
            }
            else if (groupsFrom == int.MaxValue && FixTag.IsNumInGroup(tag))
            {
                groupsFrom = message.Count - 1;
            }
        }

        return firstError.Status == FixParseStatus.Error ? firstError : FixParseResult.Complete(total);
    }

    /// <summary>Bytes to drop: up to the next <c>8=FIX</c> at or after <paramref name="from"/>, keeping a tail that may be its start.</summary>
    private static int SkipGarbage(ReadOnlySpan<byte> span, int from)
    {
        int found = span[from..].IndexOf("8=FIX"u8);
        if (found >= 0)
        {
            return from + found;
        }

        return Math.Max(from, span.Length - 4);
    }
}
