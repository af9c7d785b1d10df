using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HybridMargin.Ring;

namespace HybridMargin.Tests.Ring;

public sealed class PaddedLongLayoutTests
{
    [Fact]
    public void PaddedLong_is_two_cache_lines_with_the_value_alone_in_the_middle()
    {
        Assert.Equal(128, Unsafe.SizeOf<PaddedLong>());
        Assert.Equal(128, Marshal.SizeOf<PaddedLong>());
        Assert.Equal(64, (int)Marshal.OffsetOf<PaddedLong>(nameof(PaddedLong.Value)));
        Assert.Equal(PaddedLong.ValueOffset, (int)Marshal.OffsetOf<PaddedLong>(nameof(PaddedLong.Value)));
    }

    [Fact]
    public void PaddedLong_value_sits_64_bytes_into_an_array_element()
    {
        var values = new PaddedLong[2];
        ref byte start = ref Unsafe.As<PaddedLong, byte>(ref values[0]);
        Assert.Equal(64, (int)Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref values[0].Value)));
        Assert.Equal(128 + 64, (int)Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref values[1].Value)));
    }

    [Fact]
    public void Sequence_starts_at_Initial_and_reads_back_what_was_set()
    {
        var sequence = new Sequence();
        Assert.Equal(Sequence.Initial, sequence.Value);
        sequence.Value = 41;
        Assert.True(sequence.CompareAndSet(41, 42));
        Assert.False(sequence.CompareAndSet(41, 43));
        Assert.Equal(42, sequence.Value);
        Assert.Equal(5, Sequence.Minimum([new Sequence(9), new Sequence(5), sequence], long.MaxValue));
        Assert.Equal(3, Sequence.Minimum([], 3));
    }
}
