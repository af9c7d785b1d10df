using System.Buffers.Binary;
using System.Globalization;

namespace HybridMargin.Journal;

/// <summary>
/// Journal file naming and header. Files are <c>journal-000001.hmj</c>, <c>journal-000002.hmj</c>, …; each starts
/// with a <see cref="HeaderSize"/>-byte header, little-endian: <c>[uint32 magic "HMJL"][uint16 version][uint16 0]
/// [int32 file number][int32 0][int64 first sequence][uint32 CRC-32C of the preceding 24 bytes][uint32 0]</c>,
/// followed by records (<see cref="JournalRecord"/>).
/// </summary>
public static class JournalFile
{
    /// <summary>Header bytes at the start of every file.</summary>
    public const int HeaderSize = 32;

    /// <summary>The magic: "HMJL" read as a little-endian uint32.</summary>
    public const uint Magic = 0x4C4A4D48u;

    /// <summary>The format version this code writes and reads.</summary>
    public const ushort Version = 1;

    private const string Prefix = "journal-";
    private const string Extension = ".hmj";

    /// <summary>The file name of journal file <paramref name="number"/>.</summary>
    /// <param name="number">File number, from 1.</param>
    /// <returns>For example <c>journal-000001.hmj</c>.</returns>
    public static string FileName(int number) =>
        Prefix + number.ToString("D6", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Parses the number out of a journal file name.</summary>
    /// <param name="fileName">A file name (no directory).</param>
    /// <param name="number">The file number.</param>
    /// <returns>Whether the name is a journal file's.</returns>
    public static bool TryParseFileNumber(string fileName, out int number)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        number = 0;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> digits = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Extension.Length);
        return digits.Length >= 6
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }

    /// <summary>The journal files of <paramref name="directory"/>, by number.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <returns>(number, path) pairs in ascending number order.</returns>
    public static IReadOnlyList<(int Number, string Path)> List(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var files = new List<(int Number, string Path)>();
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (string path in Directory.EnumerateFiles(directory, Prefix + "*" + Extension))
        {
            if (TryParseFileNumber(Path.GetFileName(path), out int number))
            {
                files.Add((number, path));
            }
        }

        files.Sort((a, b) => a.Number.CompareTo(b.Number));
        return files;
    }

    /// <summary>The first sequence of a journal file, from its header; null when the header is unreadable.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The sequence of its first record.</returns>
    public static long? FirstSequence(string path)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return RandomAccess.Read(handle, header, 0) == HeaderSize && TryReadHeader(header, out _, out long first) ? first : null;
    }

    /// <summary>Writes a header.</summary>
    internal static void WriteHeader(Span<byte> destination, int fileNumber, long firstSequence)
    {
        Span<byte> h = destination[..HeaderSize];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], fileNumber);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], Crc32C.Compute(h[..24]));
    }

    /// <summary>Reads and validates a header (magic, version, checksum, zero reserved bytes).</summary>
    internal static bool TryReadHeader(ReadOnlySpan<byte> source, out int fileNumber, out long firstSequence)
    {
        fileNumber = 0;
        firstSequence = 0;
        if (source.Length < HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[4..]) != Version
            || BinaryPrimitives.ReadUInt32LittleEndian(source[24..]) != Crc32C.Compute(source[..24])
            || source[6..8].ContainsAnyExcept((byte)0)
            || source[12..16].ContainsAnyExcept((byte)0)
            || source[28..HeaderSize].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        fileNumber = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        firstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
        return true;
    }
}
