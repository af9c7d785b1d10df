using Microsoft.Win32.SafeHandles;

namespace HybridMargin.Journal;

/// <summary>Configuration of a <see cref="JournalWriter"/>.</summary>
public sealed class JournalWriterOptions
{
    /// <summary>The directory of the journal files (created when missing).</summary>
    public required string Directory { get; init; }

    /// <summary>Size of every file, allocated on the disk when the file is created; a record that would not fit starts the next file. Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>The sequence of the first record. Default 1.</summary>
    public long FirstSequence { get; init; } = 1;

    /// <summary>The number of the first file. Default 1.</summary>
    public int FirstFileNumber { get; init; } = 1;

    /// <summary>
    /// Creates a new file of the given size (default: <see cref="File.OpenHandle"/> with the size preallocated). Tests
    /// replace it to simulate a full disk.
    /// </summary>
    internal Func<string, long, SafeFileHandle>? CreateFile { get; init; }

    /// <summary>Writes a file's dirty pages to the disk (default: <see cref="RandomAccess.FlushToDisk"/>). Tests replace it to simulate a failing fsync.</summary>
    internal Action<SafeFileHandle>? FlushFile { get; init; }
}
