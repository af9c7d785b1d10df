namespace HybridMargin.Ring;

/// <summary>Spins briefly, then yields the core on every further try: near-spin latency that still lets other threads run.</summary>
public readonly struct YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    /// <inheritdoc/>
    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, Alert alert)
    {
        int counter = SpinTries;
        long available;
        while ((available = Sequence.Minimum(dependents, long.MaxValue)) < sequence)
        {
            if (alert.IsRaised)
            {
                return IWaitStrategy.Alerted;
            }

            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }

    /// <inheritdoc/>
    /// <remarks>As many polls as it spins before its first yield.</remarks>
    public int PublicationSpins => SpinTries;

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
    }
}
