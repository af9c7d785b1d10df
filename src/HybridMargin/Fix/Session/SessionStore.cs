using System.IO.MemoryMappedFiles;

namespace HybridMargin.Fix.Session;

/// <summary>
/// A session's persistent state: the next sequence numbers and id serials in a small memory-mapped file (a store
/// is a memory write, and the page cache keeps it across a process crash), and every message sent, appended to a
/// file before it goes on the wire so that any message a client may have seen can be resent.
/// </summary>
internal sealed unsafe class SessionStore : IDisposable
{
    private const int Counters = 4;
    private const int NextSenderIndex = 0;
    private const int NextTargetIndex = 1;
    private const int OrderSerialIndex = 0;
    private const int ExecSerialIndex = 1;

    private readonly string _messagesPath;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long* _counters;

    // The id serials are shared by every session of the store directory (one small file, mapped by each): the gate
    // needs order ids unique per account whichever session sends them, and OrderID/ExecID unique on the wire.
    private readonly MemoryMappedFile _serialsMap;
    private readonly MemoryMappedViewAccessor _serialsView;
    private readonly long* _serials;
    private readonly Lock _fileLock = new();
    private FileStream _messages;
    private bool _disposed;

    public SessionStore(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string seqPath = Path.Combine(directory, name + ".seqnums");
        _messagesPath = Path.Combine(directory, name + ".messages");
        bool fresh = !File.Exists(seqPath);
        _map = MemoryMappedFile.CreateFromFile(seqPath, FileMode.OpenOrCreate, null, Counters * sizeof(long), MemoryMappedFileAccess.ReadWrite);
        _view = _map.CreateViewAccessor(0, Counters * sizeof(long));
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _counters = (long*)(pointer + _view.PointerOffset);
        if (fresh || NextSenderSeq < 1 || NextTargetSeq < 1)
        {
            NextSenderSeq = 1;
            NextTargetSeq = 1;
        }

        _serialsMap = MemoryMappedFile.CreateFromFile(Path.Combine(directory, "id-serials"), FileMode.OpenOrCreate, null, 2 * sizeof(long), MemoryMappedFileAccess.ReadWrite);
        _serialsView = _serialsMap.CreateViewAccessor(0, 2 * sizeof(long));
        byte* serials = null;
        _serialsView.SafeMemoryMappedViewHandle.AcquirePointer(ref serials);
        _serials = (long*)(serials + _serialsView.PointerOffset);

        // Serials start from the clock once (the first session to open the store), so ids differ from those of a
        // store that was deleted; later sessions find them set.
        long seed = DateTimeOffset.UtcNow.ToUnixTimeSeconds() << 4;
        Interlocked.CompareExchange(ref _serials[OrderSerialIndex], seed, 0);
        Interlocked.CompareExchange(ref _serials[ExecSerialIndex], seed, 0);

        _messages = OpenMessages(FileMode.Append);
    }

    /// <summary>MsgSeqNum of the next message we send (written under the session lock only).</summary>
    public long NextSenderSeq
    {
        get => _counters[NextSenderIndex];
        set => _counters[NextSenderIndex] = value;
    }

    /// <summary>MsgSeqNum expected next from the client.</summary>
    public long NextTargetSeq
    {
        get => _counters[NextTargetIndex];
        set => _counters[NextTargetIndex] = value;
    }

    /// <summary>Takes the next order serial (OrderID stays unique across restarts).</summary>
    public long TakeOrderSerial() => Interlocked.Increment(ref _serials[OrderSerialIndex]) - 1;

    /// <summary>Takes the next ExecID.</summary>
    public long TakeExecSerial() => Interlocked.Increment(ref _serials[ExecSerialIndex]) - 1;

    /// <summary>Appends sent messages (the outbound pump's thread).</summary>
    public void Append(ReadOnlySpan<byte> messages)
    {
        lock (_fileLock)
        {
            _messages.Write(messages);
        }
    }

    /// <summary>Hands appended bytes to the operating system (survives a process crash from here on).</summary>
    public void Flush()
    {
        lock (_fileLock)
        {
            _messages.Flush(flushToDisk: false);
        }
    }

    /// <summary>All messages stored so far (for a resend; rare, so a copy is fine).</summary>
    public byte[] ReadAll()
    {
        lock (_fileLock)
        {
            _messages.Flush(flushToDisk: false);
            using var reader = new FileStream(_messagesPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new byte[reader.Length];
            reader.ReadExactly(bytes);
            return bytes;
        }
    }

    /// <summary>Starts over at sequence number 1 (a Logon with ResetSeqNumFlag): the stored messages are discarded.</summary>
    public void Reset()
    {
        lock (_fileLock)
        {
            _messages.Dispose();
            _messages = OpenMessages(FileMode.Create);
            NextSenderSeq = 1;
            NextTargetSeq = 1;
        }
    }

    public void Dispose()
    {
        lock (_fileLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _messages.Flush(flushToDisk: true);
            _messages.Dispose();
            _view.Flush();
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
            _serialsView.Flush();
            _serialsView.SafeMemoryMappedViewHandle.ReleasePointer();
            _serialsView.Dispose();
            _serialsMap.Dispose();
        }
    }

    private FileStream OpenMessages(FileMode mode) =>
        new(_messagesPath, mode, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
}
