namespace HybridMargin.Fix.Session;

/// <summary>
/// Runs a pipe reader's continuation on the thread pool through one reusable work item. The default scheduler
/// allocates a work item per wake-up, i.e. per message sent from the gate's reply thread; a pipe has at most one
/// reader continuation pending, so one item suffices (a second schedule while it is queued falls back to the pool).
/// </summary>
internal sealed class ReusablePipeScheduler : System.IO.Pipelines.PipeScheduler, IThreadPoolWorkItem
{
    private Action<object?>? _action;
    private object? _state;

    // 0 idle, 1 queued: Interchange orders the action/state writes before the pool can see the item.
    private int _queued;

    public override void Schedule(Action<object?> action, object? state)
    {
        if (Interlocked.CompareExchange(ref _queued, 1, 0) != 0)
        {
            System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
            return;
        }

        _action = action;
        _state = state;
        System.Threading.ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var action = _action!;
        var state = _state;
        _action = null;
        _state = null;
        Volatile.Write(ref _queued, 0);
        action(state);
    }
}
