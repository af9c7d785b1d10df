using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridMargin.Fix.Codec;

/// <summary>The FIX CheckSum (10): the sum of every byte before the checksum field, modulo 256.</summary>
public static class FixChecksum
{
    /// <summary>Sum of <paramref name="bytes"/> modulo 256, widest vectors first.</summary>
    public static int Compute(ReadOnlySpan<byte> bytes)
    {
        ref byte start = ref MemoryMarshal.GetReference(bytes);
        int length = bytes.Length;
        int i = 0;
        uint sum = 0;

        // Widening to 32-bit lanes before adding keeps every lane far from overflow for any message we accept.
        if (Vector256.IsHardwareAccelerated && length >= Vector256<byte>.Count)
        {
            var acc = Vector256<uint>.Zero;
            for (; i <= length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                acc += WidenSum(Vector256.LoadUnsafe(ref start, (nuint)i));
            }

            sum += Vector256.Sum(acc);
        }

        if (Vector128.IsHardwareAccelerated && length - i >= Vector128<byte>.Count)
        {
            var acc = Vector128<uint>.Zero;
            for (; i <= length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                acc += WidenSum(Vector128.LoadUnsafe(ref start, (nuint)i));
            }

            sum += Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref start, i);
        }

        return (int)(sum & 0xFF);
    }

    /// <summary>The plain loop <see cref="Compute"/> must agree with.</summary>
    public static int ComputeScalar(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return (int)(sum & 0xFF);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> WidenSum(Vector256<byte> v)
    {
        var (lo, hi) = Vector256.Widen(v);
        var (a, b) = Vector256.Widen(lo);
        var (c, d) = Vector256.Widen(hi);
        return a + b + c + d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> WidenSum(Vector128<byte> v)
    {
        var (lo, hi) = Vector128.Widen(v);
        var (a, b) = Vector128.Widen(lo);
        var (c, d) = Vector128.Widen(hi);
        return a + b + c + d;
    }
}
