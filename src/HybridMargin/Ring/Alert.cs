namespace HybridMargin.Ring;

/// <summary>A stop signal that waiting consumers poll: raised by <see cref="SequenceBarrier{TWait}.Alert"/> on halt.</summary>
public sealed class Alert
{
    // Written by the halting thread, read by waiting consumers: a release/acquire pair is all it needs.
    private bool _raised;

    /// <summary>True once raised.</summary>
    public bool IsRaised => Volatile.Read(ref _raised);

    internal void Raise() => Volatile.Write(ref _raised, true);

    internal void Clear() => Volatile.Write(ref _raised, false);
}
