using System.Runtime.InteropServices;

namespace HybridMargin.Ring;

/// <summary>
/// The project's one recipe against false sharing: a 64-bit value alone in the middle of 128 bytes, so no
/// other hot field shares its cache line (64 bytes) nor the adjacent line the prefetcher pulls in with it.
/// A layout test locks size and offset.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * CacheLine)]
internal struct PaddedLong
{
    /// <summary>Bytes of a cache line on x64 and arm64.</summary>
    public const int CacheLine = 64;

    /// <summary>Offset of <see cref="Value"/>: one full line of padding before it, the rest after.</summary>
    public const int ValueOffset = CacheLine;

    [FieldOffset(ValueOffset)]
    public long Value;
}
