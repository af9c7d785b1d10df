using System.Threading.Tasks.Sources;
using HybridMargin.Engine;
using Microsoft.Extensions.ObjectPool;

namespace HybridMargin.Gate;

/// <summary>
/// A pooled, reusable completion for one decision: backs the <see cref="ValueTask{Decision}"/> of
/// <see cref="RiskGate.SubmitAsync"/> and the synchronous <see cref="RiskGate.Submit(in Order)"/>. It returns itself
/// to the pool when the result is read, so steady-state submission allocates nothing. An awaiter's continuation
/// never runs on the responder thread: the source queues <em>itself</em> to the thread pool as the work item
/// (no allocation) and completes there, so producer code cannot stall the pipeline or stop it from inside.
/// </summary>
public sealed class DecisionSource : IValueTaskSource<Decision>, IThreadPoolWorkItem
{
    private ManualResetValueTaskSourceCore<Decision> _core;
    private ObjectPool<DecisionSource>? _pool;

    // Set (release) after the result is stored; read (acquire) by synchronous waiters.
    private int _done;

    // The decision carried across the hop to the thread pool.
    private Decision _pending;

    internal DecisionSource()
    {
        _core.RunContinuationsAsynchronously = false;
    }

    internal ValueTask<Decision> Task => new(this, _core.Version);

    /// <inheritdoc/>
    public Decision GetResult(short token)
    {
        var result = _core.GetResult(token);
        _core.Reset();
        Volatile.Write(ref _done, 0);
        var pool = _pool;
        _pool = null;
        Synchronous = false;
        pool?.Return(this);
        return result;
    }

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>True for a synchronous waiter, which spins on the result itself and needs no thread-pool hop.</summary>
    internal bool Synchronous { get; set; }

    internal void Rent(ObjectPool<DecisionSource> pool) => _pool = pool;

    /// <summary>Completes on the calling thread: for synchronous waiters, and for refusals on the submitting thread.</summary>
    internal void CompleteInline(in Decision decision)
    {
        _core.SetResult(decision);
        Volatile.Write(ref _done, 1);
    }

    /// <summary>Completes from the responder thread: inline for a synchronous waiter, via the thread pool for an awaiter.</summary>
    internal void Complete(in Decision decision)
    {
        if (Synchronous)
        {
            CompleteInline(decision);
            return;
        }

        _pending = decision;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <inheritdoc/>
    void IThreadPoolWorkItem.Execute() => CompleteInline(_pending);

    /// <summary>
    /// Waits on the calling thread as a submitter reading its slot back does (<see cref="DecisionPoll"/>): short polls, then
    /// spins and yields, never sleeping; allocation-free.
    /// </summary>
    internal Decision Wait()
    {
        short token = _core.Version;
        var poll = new DecisionPoll();
        while (Volatile.Read(ref _done) == 0 || _core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            poll.Once();
        }

        return GetResult(token);
    }

    internal sealed class Policy : PooledObjectPolicy<DecisionSource>
    {
        public override DecisionSource Create() => new();

        public override bool Return(DecisionSource obj) => true;
    }
}
