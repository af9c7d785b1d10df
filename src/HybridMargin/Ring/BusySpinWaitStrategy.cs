using System.Runtime.CompilerServices;

namespace HybridMargin.Ring;

/// <summary>
/// Spins on the dependents without yielding the core: the lowest latency, and a whole core per consumer. Use
/// only with one pinned consumer per otherwise idle core (not on a 2-core machine with more threads than cores).
/// </summary>
public readonly struct BusySpinWaitStrategy : IWaitStrategy
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, Alert alert)
    {
        long available;
        while ((available = Sequence.Minimum(dependents, long.MaxValue)) < sequence)
        {
            if (alert.IsRaised)
            {
                return IWaitStrategy.Alerted;
            }

            Thread.SpinWait(1);
        }

        return available;
    }

    /// <inheritdoc/>
    /// <remarks>Spinning is all it does: poll the slot for as long as it takes.</remarks>
    public int PublicationSpins => int.MaxValue;

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
    }
}
