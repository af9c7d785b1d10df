using HybridMargin.Engine;

namespace HybridMargin.Journal;

/// <summary>
/// Writes state snapshots on its own thread so the risk thread only pays for copying the state into a reused buffer
/// (<see cref="StateImageWriter"/>), never for the disk. One snapshot in flight: a capture is skipped while the
/// previous one is still being written. A failed write is kept in <see cref="Fault"/> and retried at the next
/// interval — the journal, not the snapshot, is what must not lose anything.
/// </summary>
internal sealed class SnapshotWriter : IDisposable
{
    private readonly string _directory;
    private readonly (int Assets, int Instruments, int Accounts) _shape;
    private readonly int _keep;
    private readonly StateImageWriter _image = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly Thread _thread;

    // Handed over with release/acquire: the risk thread fills _image and _sequence, then sets _busy (Volatile.Write);
    // the writer thread reads them after the semaphore and clears _busy (Volatile.Write) only when done with _image.
    private int _busy;
    private long _sequence;
    private long _written;
    private Exception? _fault;
    private volatile bool _stopping;

    public SnapshotWriter(string directory, (int Assets, int Instruments, int Accounts) shape, int keep)
    {
        _directory = directory;
        _shape = shape;
        _keep = keep;
        _thread = new Thread(Run) { IsBackground = true, Name = "hm-snapshot", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Snapshots written.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>The last write failure, if any.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>The buffer to capture into, or null while the previous snapshot is being written (risk thread).</summary>
    public StateImageWriter? TryBegin()
    {
        if (Volatile.Read(ref _busy) != 0)
        {
            return null;
        }

        _image.Reset();
        return _image;
    }

    /// <summary>Hands the captured image, tagged with the last journal sequence it includes, to the writer thread.</summary>
    public void Submit(long sequence)
    {
        _sequence = sequence;
        Volatile.Write(ref _busy, 1);
        _work.Release();
    }

    /// <summary>Waits for a snapshot in flight, then stops the thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _work.Release();
        _thread.Join();
        _work.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _work.Wait();
            if (Volatile.Read(ref _busy) != 0)
            {
                try
                {
                    SnapshotFile.Write(_directory, _sequence, _shape, _image.Written);
                    SnapshotFile.Prune(_directory, _keep);
                    Interlocked.Increment(ref _written);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Volatile.Write(ref _fault, e);
                }

                Volatile.Write(ref _busy, 0);
            }

            if (_stopping)
            {
                return;
            }
        }
    }
}
