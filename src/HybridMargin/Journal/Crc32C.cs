using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace HybridMargin.Journal;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF), the checksum of
/// journal records. Uses the SSE 4.2 / ARMv8 CRC instructions when the CPU has them, a table-driven loop otherwise;
/// both give the same value (CRC32C("123456789") = 0xE3069283).
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Whether <see cref="Compute"/> uses CPU instructions rather than the table.</summary>
    public static bool IsHardwareAccelerated => Sse42.IsSupported || Crc32.IsSupported;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum.</param>
    /// <returns>The checksum.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    /// <summary>Continues a raw (not inverted) CRC-32C state over <paramref name="data"/>.</summary>
    internal static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.IsSupported || Crc32.IsSupported)
        {
            return UpdateHardware(state, data);
        }

        return UpdateScalar(state, data);
    }

    /// <summary>The table-driven CRC-32C of <paramref name="data"/> (tests compare it with the hardware path).</summary>
    internal static uint ComputeScalar(ReadOnlySpan<byte> data) => ~UpdateScalar(0xFFFFFFFFu, data);

    /// <summary>The CRC-32C of <paramref name="data"/> by CPU instructions; callers check <see cref="IsHardwareAccelerated"/>.</summary>
    internal static uint ComputeHardware(ReadOnlySpan<byte> data) => ~UpdateHardware(0xFFFFFFFFu, data);

    private static uint UpdateScalar(uint state, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            state = table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint UpdateHardware(uint state, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            for (; i + 8 <= data.Length; i += 8)
            {
                wide = Sse42.X64.Crc32(wide, MemoryMarshal.Read<ulong>(data.Slice(i, 8)));
            }

            state = (uint)wide;
        }
        else if (Crc32.Arm64.IsSupported)
        {
            for (; i + 8 <= data.Length; i += 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, MemoryMarshal.Read<ulong>(data.Slice(i, 8)));
            }
        }

        if (Sse42.IsSupported)
        {
            for (; i < data.Length; i++)
            {
                state = Sse42.Crc32(state, data[i]);
            }
        }
        else if (Crc32.IsSupported)
        {
            for (; i < data.Length; i++)
            {
                state = Crc32.ComputeCrc32C(state, data[i]);
            }
        }
        else
        {
            state = UpdateScalar(state, data[i..]);
        }

        return state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
