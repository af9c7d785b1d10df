namespace HybridMargin.Ring;

/// <summary>
/// How a consumer waits for a sequence to become available. Implemented by structs and used as a generic
/// argument, so the wait loop is specialised per strategy without interface dispatch.
/// </summary>
public interface IWaitStrategy
{
    /// <summary>Value returned by <see cref="WaitFor"/> when the alert was raised.</summary>
    const long Alerted = long.MinValue;

    /// <summary>
    /// Waits until the minimum of <paramref name="dependents"/> reaches <paramref name="sequence"/> and returns
    /// that minimum (it may be further ahead), or <see cref="Alerted"/> once <paramref name="alert"/> is raised.
    /// </summary>
    long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, Alert alert);

    /// <summary>
    /// How many times a first stage polls the next slot's own "published" mark (a ring built on its sequencer)
    /// before it waits through <see cref="WaitFor"/> on the cursor: the slot is one cache line per hop, the cursor a
    /// second one.
    /// </summary>
    int PublicationSpins { get; }

    /// <summary>Wakes consumers parked by a blocking strategy; a no-op for the others.</summary>
    void SignalAllWhenBlocking();
}
