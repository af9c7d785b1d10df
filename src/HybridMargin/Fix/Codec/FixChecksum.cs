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

    /// <summary>
    /// The checksum of <paramref name="bytes"/>, and in the same pass a bitmap of where the separators (SOH) are:
    /// bit i of <paramref name="separators"/>[i / 32] is set when byte i is SOH. Words are assigned, not merged;
    /// the word holding the last byte has its higher bits cleared.
    /// </summary>
    internal static int ComputeAndMarkSeparators(ReadOnlySpan<byte> bytes, Span<uint> separators)
    {
        ref byte start = ref MemoryMarshal.GetReference(bytes);
        int length = bytes.Length;
        int i = 0;
        uint sum = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<byte>.Count)
        {
            var acc = Vector256<uint>.Zero;
            var soh = Vector256.Create((byte)1);
            for (; i <= length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                acc += WidenSum(v);
                separators[i >> 5] = Vector256.Equals(v, soh).ExtractMostSignificantBits();
            }

            int rest = length - i;
            if (rest > 0)
            {
                // The tail: the last 32 bytes again, with the lanes already counted masked off.
                var v = Vector256.LoadUnsafe(ref start, (nuint)(length - Vector256<byte>.Count));
                var fresh = Vector256.GreaterThanOrEqual(Lanes, Vector256.Create((byte)(Vector256<byte>.Count - rest)));
                v &= fresh;
                acc += WidenSum(v);
                separators[i >> 5] = Vector256.Equals(v, soh).ExtractMostSignificantBits() >> (Vector256<byte>.Count - rest);
                i = length;
            }

            sum += Vector256.Sum(acc);
        }

        // Short input (or no 256-bit vectors): a 32-byte word at a time.
        for (; i < length; i += 32)
        {
            uint word = 0;
            int end = Math.Min(length, i + 32);
            for (int k = i; k < end; k++)
            {
                byte b = Unsafe.Add(ref start, k);
                sum += b;
                word |= (b == 1 ? 1u : 0u) << (k - i);
            }

            separators[i >> 5] = word;
        }

        return (int)(sum & 0xFF);
    }

    private static Vector256<byte> Lanes => Vector256.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);

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
