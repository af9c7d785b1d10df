using System.Runtime.CompilerServices;

namespace HybridMargin.Ring;

/// <summary>
/// What a stage may consume: up to the published cursor and no further than every stage it depends on.
/// </summary>
/// <typeparam name="TWait">How the stage waits.</typeparam>
public sealed class SequenceBarrier<TWait>
    where TWait : struct, IWaitStrategy
{
    private readonly Sequencer _sequencer;
    private readonly TWait _wait;
    private readonly Sequence[] _dependents;

    /// <summary>A barrier on the sequencer's cursor and on <paramref name="dependsOn"/> (none: the first stage).</summary>
    public SequenceBarrier(Sequencer sequencer, TWait wait, params Sequence[] dependsOn)
    {
        ArgumentNullException.ThrowIfNull(sequencer);
        ArgumentNullException.ThrowIfNull(dependsOn);
        _sequencer = sequencer;
        _wait = wait;
        _dependents = dependsOn.Length == 0 ? [sequencer.Cursor] : (Sequence[])dependsOn.Clone();
        WaitsOnProducers = dependsOn.Length == 0;
    }

    /// <summary>Raised to stop the stage.</summary>
    public Alert Alert { get; } = new();

    /// <summary>The sequencer whose publications this barrier waits for.</summary>
    internal Sequencer Sequencer => _sequencer;

    /// <summary>True when the barrier waits on the producers themselves (no upstream stage).</summary>
    internal bool WaitsOnProducers { get; }

    /// <summary>The strategy's polls of a slot before it waits on the cursor (<see cref="IWaitStrategy.PublicationSpins"/>).</summary>
    internal int PublicationSpins => _wait.PublicationSpins;

    /// <summary>
    /// Waits until <paramref name="sequence"/> may be consumed; returns the highest consumable sequence
    /// (≥ <paramref name="sequence"/>, or less when published slots have a gap) or <see cref="IWaitStrategy.Alerted"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        // Checked before waiting, not only inside it: a stage that always finds work waiting must still stop.
        if (Alert.IsRaised)
        {
            return IWaitStrategy.Alerted;
        }

        long available = _wait.WaitFor(sequence, _sequencer.Cursor, _dependents, Alert);
        if (available < sequence)
        {
            return available;
        }

        return _sequencer.HighestPublished(sequence, available);
    }

    /// <summary>Stops waits in progress and every later one.</summary>
    public void Halt()
    {
        Alert.Raise();
        _wait.SignalAllWhenBlocking();
    }
}
