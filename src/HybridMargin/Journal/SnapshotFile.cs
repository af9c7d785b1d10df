using System.Buffers.Binary;
using System.Globalization;

namespace HybridMargin.Journal;

/// <summary>
/// State snapshot files beside the journal: <c>snapshot-000000001234.hms</c>, named by the last journal sequence the
/// state includes. Layout, little-endian: a <see cref="HeaderSize"/>-byte header <c>[uint32 magic "HMSN"][uint16 version]
/// [uint16 0][int64 sequence][int64 body length][uint32 CRC-32C of the body][int32 assets][int32 instruments]
/// [int32 accounts][uint32 CRC-32C of the preceding 40 bytes][uint32 0]</c>, then the body (the engine's state image
/// followed by the background recalculation's). Written to a temporary name, fsynced, then renamed and the directory
/// synced: a snapshot file either exists whole or not at all, and a crash mid-write leaves only a .tmp to delete.
/// </summary>
public static class SnapshotFile
{
    /// <summary>Header bytes.</summary>
    public const int HeaderSize = 48;

    /// <summary>"HMSN" read as a little-endian uint32.</summary>
    public const uint Magic = 0x4E534D48u;

    /// <summary>
    /// The format version this code writes and reads. 2: open orders are saved by their pool entry (1 saved them by
    /// their hash-table slot); a snapshot of another version is skipped and the journal replayed instead.
    /// </summary>
    public const ushort Version = 2;

    private const string Prefix = "snapshot-";
    private const string Extension = ".hms";
    private const string Temporary = ".tmp";

    /// <summary>The file name of the snapshot at <paramref name="sequence"/>.</summary>
    /// <param name="sequence">The last journal sequence included.</param>
    /// <returns>For example <c>snapshot-000000001234.hms</c>.</returns>
    public static string FileName(long sequence) => Prefix + sequence.ToString("D12", CultureInfo.InvariantCulture) + Extension;

    /// <summary>The snapshot files of <paramref name="directory"/>, newest (highest sequence) first.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <returns>(sequence, path) pairs.</returns>
    public static IReadOnlyList<(long Sequence, string Path)> List(string directory)
    {
        var files = new List<(long, string)>();
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (string path in Directory.EnumerateFiles(directory, Prefix + "*" + Extension))
        {
            string name = Path.GetFileName(path);
            ReadOnlySpan<char> digits = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Extension.Length);
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
            {
                files.Add((sequence, path));
            }
        }

        files.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        return files;
    }

    /// <summary>
    /// Writes the state of <paramref name="engine"/> (of a gate without background recalculation) as the snapshot at
    /// <paramref name="sequence"/>: for tools that rebuild a journal's state offline and want the next recovery to start there.
    /// </summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="sequence">The last journal sequence the engine's state includes.</param>
    /// <param name="engine">The engine.</param>
    /// <returns>The path written.</returns>
    public static string Write(string directory, long sequence, Engine.RiskEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var image = new Engine.StateImageWriter();
        engine.VisitState(image);
        Gate.JournalStage.VisitRecalculation(image, null);
        var book = engine.Book;
        return Write(directory, sequence, (book.Assets.Count, book.Instruments.Count, book.Accounts.Count), image.Written);
    }

    /// <summary>Writes a snapshot atomically (temporary file, fsync, rename, directory fsync).</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="sequence">The last journal sequence the state includes.</param>
    /// <param name="shape">Assets, instruments and accounts of the book (checked on load).</param>
    /// <param name="body">The state image.</param>
    /// <returns>The path written.</returns>
    public static string Write(string directory, long sequence, (int Assets, int Instruments, int Accounts) shape, ReadOnlySpan<byte> body)
    {
        string path = Path.Combine(directory, FileName(sequence));
        string temporary = path + Temporary;
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], Crc32C.Compute(body));
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], shape.Assets);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], shape.Instruments);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], shape.Accounts);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], Crc32C.Compute(header[..40]));
        File.Delete(temporary);
        using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, HeaderSize + body.Length))
        {
            RandomAccess.Write(handle, header, 0);
            RandomAccess.Write(handle, body, HeaderSize);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
        return path;
    }

    /// <summary>Reads and verifies a snapshot file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="shape">The book's assets, instruments and accounts; a snapshot of another shape is refused.</param>
    /// <param name="sequence">The last journal sequence the state includes.</param>
    /// <param name="body">The state image.</param>
    /// <param name="problem">Why the file was refused.</param>
    /// <returns>Whether the file is a whole, intact snapshot of this shape.</returns>
    public static bool TryRead(string path, (int Assets, int Instruments, int Accounts) shape, out long sequence, out byte[] body, out string? problem)
    {
        sequence = 0;
        body = [];
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            problem = "unreadable: " + e.Message;
            return false;
        }

        ReadOnlySpan<byte> h = bytes;
        if (h.Length < HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(h) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(h[4..]) != Version
            || BinaryPrimitives.ReadUInt32LittleEndian(h[40..]) != Crc32C.Compute(h[..40]))
        {
            problem = "bad header";
            return false;
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(h[16..]);
        if (length != h.Length - HeaderSize)
        {
            problem = $"body of {h.Length - HeaderSize} bytes where the header says {length}";
            return false;
        }

        ReadOnlySpan<byte> content = h[HeaderSize..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(h[24..]) != Crc32C.Compute(content))
        {
            problem = "body checksum mismatch";
            return false;
        }

        var stored = (BinaryPrimitives.ReadInt32LittleEndian(h[28..]), BinaryPrimitives.ReadInt32LittleEndian(h[32..]), BinaryPrimitives.ReadInt32LittleEndian(h[36..]));
        if (stored != shape)
        {
            problem = $"taken on a book of {stored.Item1} assets, {stored.Item2} instruments, {stored.Item3} accounts; this book has {shape.Assets}, {shape.Instruments}, {shape.Accounts}";
            return false;
        }

        sequence = BinaryPrimitives.ReadInt64LittleEndian(h[8..]);
        body = content.ToArray();
        problem = null;
        return true;
    }

    /// <summary>Deletes leftover temporary files and all but the newest <paramref name="keep"/> snapshots.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="keep">Snapshots to keep (at least 1).</param>
    public static void Prune(string directory, int keep)
    {
        foreach (string temporary in Directory.EnumerateFiles(directory, Prefix + "*" + Extension + Temporary))
        {
            File.Delete(temporary);
        }

        var files = List(directory);
        for (int i = Math.Max(1, keep); i < files.Count; i++)
        {
            File.Delete(files[i].Path);
        }
    }
}
