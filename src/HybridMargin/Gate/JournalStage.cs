using HybridMargin.Engine;
using HybridMargin.Journal;
using HybridMargin.Recalculation;

namespace HybridMargin.Gate;

/// <summary>
/// The journal's part of the risk stage, on the risk thread: appends every state-changing event to the memory-mapped
/// journal before the event is applied (so before its decision can be released), commits the batch for power-loss
/// durability before the batch's decisions reach the responder, and every so many events copies the state into the
/// snapshot writer's buffer. On the risk thread rather than a stage of its own: an append is a memcpy into the page
/// cache (tens of ns), while a separate thread would add a cross-core hand-off (~600 ns here) to every decision.
/// </summary>
internal sealed class JournalStage : IDisposable
{
    private readonly JournalWriter _writer;
    private readonly JournalDurability _durability;
    private readonly SnapshotWriter? _snapshots;
    private readonly int _snapshotEvery;
    private int _sinceSnapshot;
    private bool _uncommitted;

    // Written once (release): by the risk thread, or at close by the thread stopping the gate once the risk thread has
    // halted. Read by any thread (acquire) to explain the refusals.
    private Exception? _fault;

    // Written by the risk thread only; read by others after the gate stopped (the stop's join orders it).
    private long _lastSequence;

    public JournalStage(JournalOptions options, long nextSequence, int nextFileNumber, (int Assets, int Instruments, int Accounts) shape)
    {
        _durability = options.Durability;
        _snapshotEvery = options.SnapshotEveryEvents;
        _lastSequence = nextSequence - 1;
        _writer = new JournalWriter(new JournalWriterOptions
        {
            Directory = options.Directory,
            MaxFileBytes = options.MaxFileBytes,
            FirstSequence = nextSequence,
            FirstFileNumber = nextFileNumber,
            CreateFile = options.CreateFile,
            FlushFile = options.FlushFile,
        });
        if (_snapshotEvery > 0)
        {
            _snapshots = new SnapshotWriter(options.Directory, shape, options.KeepSnapshots);
        }
    }

    /// <summary>What a released decision survives.</summary>
    public JournalDurability Durability => _durability;

    /// <summary>
    /// Why the journal stopped recording: the gate then refuses everything with <see cref="RejectCode.JournalFailed"/>, or
    /// with GateStopped once a failed commit has failed the risk stage.
    /// </summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>The sequence of the last event recorded.</summary>
    public long LastSequence => _lastSequence;

    /// <summary>Snapshots written so far.</summary>
    public long SnapshotsWritten => _snapshots?.Written ?? 0;

    /// <summary>The last snapshot write failure, if any (snapshots are retried; the journal alone is enough to recover).</summary>
    public Exception? SnapshotFault => _snapshots?.Fault;

    /// <summary>Records the event; false (and the journal failed for good) when it could not be.</summary>
    public bool TryAppend(in GateEvent e)
    {
        if (_fault is not null)
        {
            return false;
        }

        try
        {
            _lastSequence = _writer.Append(JournalEvent.From(e));
            _uncommitted = true;
            return true;
        }
        catch (IOException exception)
        {
            Volatile.Write(ref _fault, exception);
            return false;
        }
    }

    /// <summary>After an event was recorded and applied: takes a state snapshot when one is due.</summary>
    public void Applied(RiskEngine engine, BackgroundRecalculation? recalculation)
    {
        if (_snapshots is null || ++_sinceSnapshot < _snapshotEvery)
        {
            return;
        }

        var image = _snapshots.TryBegin();
        if (image is null)
        {
            // The previous snapshot is still being written: try again after the next event.
            return;
        }

        engine.VisitState(image);
        VisitRecalculation(image, recalculation);
        _snapshots.Submit(_lastSequence);
        _sinceSnapshot = 0;
    }

    /// <summary>
    /// At the end of a batch: group commit for power-loss durability, before the batch's decisions are released.
    /// </summary>
    /// <exception cref="IOException">
    /// The commit failed, or the journal failed earlier in this batch: the durability of the batch's events is unknown
    /// while they are already applied. The risk stage faults on it, and since it runs with
    /// <see cref="Ring.FaultRelease.CompletedBatches"/> none of the batch's decisions is released: the gate answers
    /// them, and everything after, GateStopped.
    /// </exception>
    public void EndOfBatch()
    {
        if (_durability != JournalDurability.PowerLoss || !_uncommitted)
        {
            return;
        }

        if (_fault is { } earlier)
        {
            // A rollover's fsync or file creation failed after some of this batch's events were appended: whether they
            // reached the disk is unknown. Not retried: after a failed fsync a later one can succeed without the lost pages.
            throw new IOException("the journal failed during this batch; its events' durability is unknown", earlier);
        }

        try
        {
            _writer.Flush(JournalDurability.PowerLoss);
        }
        catch (Exception exception)
        {
            // Any failure of the commit, not only an I/O error: the durability is unknown all the same. Release:
            // RiskGate.JournalFault shows the cause to any thread once the stage's fault is visible.
            Volatile.Write(ref _fault, exception);
            throw;
        }

        _uncommitted = false;
    }

    /// <summary>Writes what the recalculation keeps (the EWMA estimators) after the engine's image; an empty section without one.</summary>
    internal static void VisitRecalculation(IStateVisitor visitor, BackgroundRecalculation? recalculation)
    {
        if (recalculation is not null)
        {
            recalculation.VisitState(visitor);
            return;
        }

        int none = 0;
        visitor.Value("ewma.count", ref none);
        if (none != 0)
        {
            throw new InvalidDataException($"the state image has {none} EWMA estimators, this gate has no background recalculation");
        }
    }

    /// <summary>Flushes the journal to the disk and closes it; waits for a snapshot being written.</summary>
    public void Dispose()
    {
        try
        {
            if (_fault is null)
            {
                _writer.Flush(JournalDurability.PowerLoss);
            }
        }
        catch (IOException exception)
        {
            // No released decision depends on this last fsync (power-loss mode committed every released batch already,
            // process-crash mode never promised a power loss): report it as the journal's fault rather than throw out
            // of Stop.
            Volatile.Write(ref _fault, exception);
        }
        finally
        {
            _writer.Dispose();
            _snapshots?.Dispose();
        }
    }
}
