using Microsoft.Win32.SafeHandles;

namespace HybridMargin.Journal;

/// <summary>
/// Appends journal records to preallocated, numbered files (<see cref="JournalFile"/>), rolling over to the next file
/// when a record would take the current one past <see cref="JournalWriterOptions.MaxFileBytes"/>. Records are encoded
/// into a reused buffer and written with <see cref="RandomAccess"/> at explicit offsets, so appending allocates nothing
/// after warm-up (opening the next file on a rollover does). Not thread-safe: one writer thread.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly string _directory;
    private readonly long _maxFileBytes;
    private readonly bool _preallocate;
    private readonly byte[] _buffer;
    private SafeFileHandle? _handle;
    private string _currentFile = "";
    private int _fileNumber;
    private long _fileOffset;
    private int _buffered;
    private long _nextSequence;

    /// <summary>Creates the first file (which must not exist yet) and writes its header on the first flush.</summary>
    /// <param name="options">Directory, sizes and first sequence.</param>
    public JournalWriter(JournalWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFileBytes, JournalFile.HeaderSize + JournalRecord.MaxRecordSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferBytes, Math.Max(JournalFile.HeaderSize, JournalRecord.MaxRecordSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.FirstSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstFileNumber, 1);
        _directory = options.Directory;
        _maxFileBytes = options.MaxFileBytes;
        _preallocate = options.Preallocate;
        _buffer = new byte[options.BufferBytes];
        _nextSequence = options.FirstSequence;
        Directory.CreateDirectory(_directory);
        OpenFile(options.FirstFileNumber);
    }

    /// <summary>The sequence the next <see cref="Append"/> gets.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>The path of the file being written.</summary>
    public string CurrentFile => _currentFile;

    /// <summary>The number of the file being written.</summary>
    public int CurrentFileNumber => _fileNumber;

    /// <summary>Appends the record of <paramref name="journalEvent"/> to the buffer (written to the file when it fills, on a rollover, or by <see cref="Flush"/>).</summary>
    /// <param name="journalEvent">The event.</param>
    /// <returns>The record's sequence.</returns>
    public long Append(in JournalEvent journalEvent)
    {
        SafeFileHandle handle = _handle ?? throw new ObjectDisposedException(nameof(JournalWriter));
        int size = JournalRecord.RecordSize(journalEvent.Kind);
        if (_fileOffset + _buffered + size > _maxFileBytes)
        {
            RollOver(handle);
        }
        else if (_buffered + size > _buffer.Length)
        {
            WriteBuffered(handle);
        }

        JournalRecord.Write(_buffer.AsSpan(_buffered), _nextSequence, journalEvent);
        _buffered += size;
        return _nextSequence++;
    }

    /// <summary>Writes the buffered records to the file and, for <see cref="JournalDurability.PowerLoss"/>, flushes the file to the disk.</summary>
    /// <param name="durability">What the records appended so far must survive once this returns.</param>
    public void Flush(JournalDurability durability)
    {
        SafeFileHandle handle = _handle ?? throw new ObjectDisposedException(nameof(JournalWriter));
        WriteBuffered(handle);
        if (durability == JournalDurability.PowerLoss)
        {
            RandomAccess.FlushToDisk(handle);
        }
    }

    /// <summary>Writes the buffered records (process-crash durability) and closes the file.</summary>
    public void Dispose()
    {
        if (_handle is null)
        {
            return;
        }

        try
        {
            WriteBuffered(_handle);
        }
        finally
        {
            _handle.Dispose();
            _handle = null;
        }
    }

    private void WriteBuffered(SafeFileHandle handle)
    {
        if (_buffered == 0)
        {
            return;
        }

        RandomAccess.Write(handle, new ReadOnlySpan<byte>(_buffer, 0, _buffered), _fileOffset);
        _fileOffset += _buffered;
        _buffered = 0;
    }

    private void RollOver(SafeFileHandle handle)
    {
        // The finished file goes to the disk once, so a later power-loss flush of the new file covers everything before it.
        WriteBuffered(handle);
        RandomAccess.FlushToDisk(handle);
        handle.Dispose();
        _handle = null;
        OpenFile(_fileNumber + 1);
    }

    private void OpenFile(int number)
    {
        string path = Path.Combine(_directory, JournalFile.FileName(number));
        _handle = File.OpenHandle(
            path,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.Read,
            FileOptions.None,
            _preallocate ? _maxFileBytes : 0);
        _currentFile = path;
        _fileNumber = number;
        _fileOffset = 0;
        JournalFile.WriteHeader(_buffer, number, _nextSequence);
        _buffered = JournalFile.HeaderSize;
    }
}
