namespace HybridMargin.Ring;

/// <summary>A running stage seen from its owner (start, stop, progress), whatever its event, handler and wait types.</summary>
public interface IEventProcessor
{
    /// <summary>The last sequence the stage finished.</summary>
    Sequence Sequence { get; }

    /// <summary>The exception that stopped the stage, if any.</summary>
    Exception? Fault { get; }

    /// <summary>The thread <see cref="Start"/> made, set before it runs (so code on it can recognise it); null before.</summary>
    Thread? Thread { get; }

    /// <summary>Starts the stage on a new thread, pinned to <paramref name="core"/> if given.</summary>
    Thread Start(string name, int? core = null);

    /// <summary>Stops the stage after its current batch and joins its thread.</summary>
    void Halt();

    /// <summary>Waits until the stage has processed <paramref name="sequence"/>; false on timeout or fault.</summary>
    bool WaitUntilProcessed(long sequence, TimeSpan timeout);
}
