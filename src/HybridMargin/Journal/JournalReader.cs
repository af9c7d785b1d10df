using Microsoft.Win32.SafeHandles;

namespace HybridMargin.Journal;

/// <summary>
/// Reads the records of a journal directory in order across its numbered files. Stops at the first torn or
/// corrupted record (short record, bad length, bad checksum, bad payload, sequence gap, bad header, missing file,
/// data after the zero-filled end) and reports it in <see cref="End"/>; never returns a record it has not verified
/// whole. After a clean end in one file it continues with the next; the last file's clean end is the journal's end.
/// </summary>
public sealed class JournalReader : IDisposable
{
    private readonly IReadOnlyList<(int Number, string Path)> _files;
    private byte[] _buffer;
    private int _fileIndex = -1;
    private SafeFileHandle? _handle;
    private string? _path;
    private long _fileLength;
    private long _bufferOffset;
    private int _bufferLength;
    private int _position;
    private long _lastGoodSequence;
    private long _expectedSequence;
    private long _dataEnd;
    private JournalEnd? _end;

    /// <summary>Opens the journal of <paramref name="directory"/> (an empty or missing directory is an empty journal).</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="bufferBytes">Read buffer size. Default 1 MiB.</param>
    /// <param name="fromFileNumber">Skip the files numbered below this one (recovery starts at the file holding the sequence after its snapshot).</param>
    public JournalReader(string directory, int bufferBytes = 1 << 20, int fromFileNumber = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, JournalRecord.MaxRecordSize);
        _files = JournalFile.List(directory).Where(f => f.Number >= fromFileNumber).ToList();
        _buffer = new byte[bufferBytes];
    }

    /// <summary>Whether reading has ended (<see cref="TryRead"/> returned false).</summary>
    public bool IsEnded => _end is not null;

    /// <summary>Where and why reading stopped; available once <see cref="TryRead"/> has returned false.</summary>
    public JournalEnd End => _end ?? throw new InvalidOperationException("the journal has not been read to its end");

    /// <summary>Reads the next intact record.</summary>
    /// <param name="sequence">Its sequence.</param>
    /// <param name="journalEvent">Its event.</param>
    /// <returns>False at the end of the journal or at the first bad record; see <see cref="End"/>.</returns>
    public bool TryRead(out long sequence, out JournalEvent journalEvent)
    {
        sequence = 0;
        journalEvent = default;
        while (_end is null)
        {
            if (_handle is null)
            {
                OpenNextFile();
                continue;
            }

            EnsureAvailable(JournalRecord.MaxRecordSize);
            EnsureWholeRecord();
            long recordOffset = _bufferOffset + _position;
            JournalRecordStatus status = JournalRecord.TryRead(
                _buffer.AsSpan(_position, _bufferLength - _position), out long read, out JournalEvent decoded, out int size);
            switch (status)
            {
                case JournalRecordStatus.Ok when read != _expectedSequence:
                    Stop(JournalEndReason.SequenceGap, recordOffset);
                    break;
                case JournalRecordStatus.Ok:
                    _position += size;
                    _lastGoodSequence = read;
                    _expectedSequence = read + 1;
                    sequence = read;
                    journalEvent = decoded;
                    return true;
                case JournalRecordStatus.End when HasNonZeroFrom(recordOffset):
                    Stop(JournalEndReason.DataAfterEnd, recordOffset);
                    break;
                case JournalRecordStatus.End:
                    _dataEnd = recordOffset;
                    CloseFile();
                    break;
                case JournalRecordStatus.Truncated:
                    Stop(JournalEndReason.TruncatedRecord, recordOffset);
                    break;
                case JournalRecordStatus.BadLength:
                    Stop(JournalEndReason.BadLength, recordOffset);
                    break;
                case JournalRecordStatus.BadChecksum:
                    Stop(JournalEndReason.BadChecksum, recordOffset);
                    break;
                default:
                    Stop(JournalEndReason.BadPayload, recordOffset);
                    break;
            }
        }

        return false;
    }

    /// <summary>The file of the record last read (or where reading stopped).</summary>
    public string? CurrentFile => _path;

    /// <summary>Reads (and verifies) every remaining record.</summary>
    /// <returns>Where and why reading stopped.</returns>
    public JournalEnd ReadToEnd()
    {
        while (TryRead(out _, out _))
        {
        }

        return End;
    }

    /// <summary>Closes the open file.</summary>
    public void Dispose() => CloseFile();

    private void OpenNextFile()
    {
        _fileIndex++;
        if (_fileIndex >= _files.Count)
        {
            _end = new JournalEnd(_lastGoodSequence, _path, _dataEnd, JournalEndReason.EndOfJournal);
            return;
        }

        (int number, string path) = _files[_fileIndex];
        _path = path;
        if (_fileIndex > 0 && number != _files[_fileIndex - 1].Number + 1)
        {
            _end = new JournalEnd(_lastGoodSequence, path, 0, JournalEndReason.MissingFile);
            return;
        }

        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _fileLength = RandomAccess.GetLength(_handle);
        _bufferOffset = 0;
        _bufferLength = 0;
        _position = 0;
        EnsureAvailable(JournalFile.HeaderSize);
        if (!JournalFile.TryReadHeader(_buffer.AsSpan(0, _bufferLength), out int headerNumber, out long firstSequence)
            || headerNumber != number
            || (_fileIndex > 0 && firstSequence != _expectedSequence))
        {
            Stop(JournalEndReason.BadHeader, 0);
            return;
        }

        if (_fileIndex == 0)
        {
            _expectedSequence = firstSequence;
            _lastGoodSequence = firstSequence - 1;
        }

        _position = JournalFile.HeaderSize;
    }

    private void Stop(JournalEndReason reason, long offset)
    {
        _end = new JournalEnd(_lastGoodSequence, _path, offset, reason);
        CloseFile();
    }

    private void CloseFile()
    {
        _handle?.Dispose();
        _handle = null;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="_position"/>, or all the file has left.</summary>
    private void EnsureAvailable(int count)
    {
        if (_bufferLength - _position >= count)
        {
            return;
        }

        int remaining = _bufferLength - _position;
        Buffer.BlockCopy(_buffer, _position, _buffer, 0, remaining);
        _bufferOffset += _position;
        _bufferLength = remaining;
        _position = 0;
        while (_bufferLength < count && _bufferOffset + _bufferLength < _fileLength)
        {
            int n = RandomAccess.Read(_handle!, _buffer.AsSpan(_bufferLength), _bufferOffset + _bufferLength);
            if (n <= 0)
            {
                break;
            }

            _bufferLength += n;
        }
    }

    /// <summary>Makes a long (AdoptSnapshot) record available whole when its length is plausible, growing the buffer for it.</summary>
    private void EnsureWholeRecord()
    {
        int available = _bufferLength - _position;
        if (available < JournalRecord.PrefixSize)
        {
            return;
        }

        int length = JournalRecord.BodyLength(_buffer.AsSpan(_position));
        if (length <= 0 || length > JournalRecord.MaxBodySize || JournalRecord.PrefixSize + length <= available)
        {
            return;
        }

        int needed = JournalRecord.PrefixSize + length;
        if (needed > _buffer.Length)
        {
            var larger = new byte[needed];
            Buffer.BlockCopy(_buffer, _position, larger, 0, available);
            _buffer = larger;
            _bufferOffset += _position;
            _bufferLength = available;
            _position = 0;
        }

        EnsureAvailable(needed);
    }

    private bool HasNonZeroFrom(long offset)
    {
        long at = offset;
        while (at < _fileLength)
        {
            int n = RandomAccess.Read(_handle!, _buffer, at);
            if (n <= 0)
            {
                break;
            }

            if (_buffer.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                return true;
            }

            at += n;
        }

        // The buffer now holds other bytes: nothing more is read from this file.
        _bufferLength = 0;
        _position = 0;
        return false;
    }
}
