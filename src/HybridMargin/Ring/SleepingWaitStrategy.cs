namespace HybridMargin.Ring;

/// <summary>Spins, then yields, then sleeps 1 ms between tries: little CPU when idle, at the price of millisecond wake-ups.</summary>
public readonly struct SleepingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;
    private const int YieldTries = 100;

    /// <inheritdoc/>
    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, Alert alert)
    {
        int counter = SpinTries + YieldTries;
        long available;
        while ((available = Sequence.Minimum(dependents, long.MaxValue)) < sequence)
        {
            if (alert.IsRaised)
            {
                return IWaitStrategy.Alerted;
            }

            if (counter > YieldTries)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return available;
    }

    /// <inheritdoc/>
    /// <remarks>As many polls as it spins before it starts yielding.</remarks>
    public int PublicationSpins => SpinTries;

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
    }
}
