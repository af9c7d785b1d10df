using System.Buffers;

namespace HybridMargin.Tests.Fix.Codec;

/// <summary>A linked buffer segment, so tests can build the multi-segment sequences a pipe hands out.</summary>
internal sealed class TestSegment : ReadOnlySequenceSegment<byte>
{
    public TestSegment(ReadOnlyMemory<byte> memory)
    {
        Memory = memory;
    }

    /// <summary>
    /// <paramref name="data"/> cut at <paramref name="cuts"/> (ascending, 0 and the length allowed, giving empty
    /// segments); every segment gets its own array, so nothing is accidentally contiguous.
    /// </summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts) => Split(data, out _, cuts);

    /// <summary>As <see cref="Split(byte[], int[])"/>, also returning each segment's array.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, out byte[][] arrays, params int[] cuts)
    {
        arrays = new byte[cuts.Length + 1][];
        int from = 0;
        for (int i = 0; i <= cuts.Length; i++)
        {
            int to = i < cuts.Length ? cuts[i] : data.Length;
            arrays[i] = data[from..to];
            from = to;
        }

        var first = new TestSegment(arrays[0]);
        var last = first;
        for (int i = 1; i < arrays.Length; i++)
        {
            last = last.Append(arrays[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private TestSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new TestSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }
}
