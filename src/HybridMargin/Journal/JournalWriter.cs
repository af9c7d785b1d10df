using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace HybridMargin.Journal;

/// <summary>
/// Appends journal records to numbered files (<see cref="JournalFile"/>) that are allocated on the disk at their full
/// size when created and mapped into memory: an append encodes the record straight into the mapping, which is the
/// operating system's page cache — so once <see cref="Append"/> returns, the record survives a crash of the process
/// with no system call, and <see cref="Flush"/> with <see cref="JournalDurability.PowerLoss"/> fsyncs it to the disk.
/// Allocating the whole file up front (not a sparse file) is what makes a full disk an error at file creation instead
/// of a SIGBUS on a later write. A record that would take the file past <see cref="JournalWriterOptions.MaxFileBytes"/>
/// starts the next file. Appending allocates nothing (a rollover does). Not thread-safe: one writer thread.
/// </summary>
public sealed unsafe class JournalWriter : IDisposable
{
    private readonly string _directory;
    private readonly long _maxFileBytes;
    private readonly Func<string, long, SafeFileHandle> _createFile;
    private readonly Action<SafeFileHandle> _flushFile;
    private SafeFileHandle? _handle;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _base;
    private string _currentFile = "";
    private int _fileNumber;
    private long _fileOffset;
    private long _nextSequence;

    /// <summary>Creates the first file (which must not exist yet) and writes its header.</summary>
    /// <param name="options">Directory, sizes, first sequence and file number.</param>
    /// <exception cref="IOException">The file cannot be created or allocated (it exists, or the disk is full).</exception>
    public JournalWriter(JournalWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFileBytes, JournalFile.HeaderSize + JournalRecord.MaxRecordSize);
        ArgumentOutOfRangeException.ThrowIfNegative(options.FirstSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstFileNumber, 1);
        _directory = options.Directory;
        _maxFileBytes = options.MaxFileBytes;
        _createFile = options.CreateFile ?? CreatePreallocated;
        _flushFile = options.FlushFile ?? RandomAccess.FlushToDisk;
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

    /// <summary>Bytes of the current file written so far (header included).</summary>
    public long CurrentFileOffset => _fileOffset;

    /// <summary>Writes the record of <paramref name="journalEvent"/> into the mapped file (process-crash durable on return).</summary>
    /// <param name="journalEvent">The event.</param>
    /// <returns>The record's sequence.</returns>
    /// <exception cref="IOException">A rollover could not create the next file (for example, the disk is full); nothing was written.</exception>
    public long Append(in JournalEvent journalEvent)
    {
        ObjectDisposedException.ThrowIf(_handle is null, this);
        int size = JournalRecord.RecordSize(journalEvent);
        if (_fileOffset + size > _maxFileBytes)
        {
            if (JournalFile.HeaderSize + size > _maxFileBytes)
            {
                throw new ArgumentException($"a record of {size} bytes does not fit in a journal file of {_maxFileBytes} bytes", nameof(journalEvent));
            }

            RollOver();
        }

        JournalRecord.WriteSized(new Span<byte>(_base + _fileOffset, size), _nextSequence, journalEvent);
        _fileOffset += size;
        return _nextSequence++;
    }

    /// <summary>
    /// Makes the records appended so far survive <paramref name="durability"/>: nothing to do for a process crash (they
    /// are in the page cache already); an fsync of the file for a power loss — which on Linux writes back pages
    /// dirtied through the shared mapping too, since they are the file's page-cache pages.
    /// </summary>
    /// <param name="durability">What the records must survive once this returns.</param>
    /// <exception cref="IOException">The fsync failed: what the disk holds of the records is unknown.</exception>
    public void Flush(JournalDurability durability)
    {
        ObjectDisposedException.ThrowIf(_handle is null, this);
        if (durability == JournalDurability.PowerLoss)
        {
            _flushFile(_handle);
        }
    }

    /// <summary>Unmaps and closes the current file (its records stay in the page cache; nothing is lost on a process exit).</summary>
    public void Dispose() => CloseFile();

    private void CloseFile()
    {
        if (_view is not null)
        {
            if (_base is not null)
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
                _base = null;
            }

            _view.Dispose();
            _view = null;
        }

        _map?.Dispose();
        _map = null;
        _handle?.Dispose();
        _handle = null;
    }

    private void RollOver()
    {
        // The finished file goes to the disk once, so a later power-loss flush of the new file covers everything before it.
        _flushFile(_handle!);
        int next = _fileNumber + 1;
        CloseFile();
        OpenFile(next);
    }

    private void OpenFile(int number)
    {
        string path = Path.Combine(_directory, JournalFile.FileName(number));
        var handle = _createFile(path, _maxFileBytes);
        try
        {
            var map = MemoryMappedFile.CreateFromFile(handle, null, _maxFileBytes, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, _maxFileBytes, MemoryMappedFileAccess.ReadWrite);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _handle = handle;
            _map = map;
            _view = view;
            _base = pointer + view.PointerOffset;
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        // The new name must survive a power loss as well as the records in it.
        DirectorySync.Flush(_directory);
        _currentFile = path;
        _fileNumber = number;
        JournalFile.WriteHeader(new Span<byte>(_base, JournalFile.HeaderSize), number, _nextSequence);
        _fileOffset = JournalFile.HeaderSize;
    }

    private static SafeFileHandle CreatePreallocated(string path, long size) =>
        File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, size);
}
