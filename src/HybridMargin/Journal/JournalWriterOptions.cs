namespace HybridMargin.Journal;

/// <summary>Configuration of a <see cref="JournalWriter"/>.</summary>
public sealed class JournalWriterOptions
{
    /// <summary>The directory of the journal files (created when missing).</summary>
    public required string Directory { get; init; }

    /// <summary>A file rolls over to the next when a record would take it past this size; also the preallocation size. Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>Bytes buffered before they are written to the file (a flush writes them earlier). Default 64 KiB.</summary>
    public int BufferBytes { get; init; } = 64 << 10;

    /// <summary>The sequence of the first record. Default 1.</summary>
    public long FirstSequence { get; init; } = 1;

    /// <summary>The number of the first file. Default 1.</summary>
    public int FirstFileNumber { get; init; } = 1;

    /// <summary>Whether files are preallocated at <see cref="MaxFileBytes"/>. Default true.</summary>
    public bool Preallocate { get; init; } = true;
}
