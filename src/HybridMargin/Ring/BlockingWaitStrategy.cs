namespace HybridMargin.Ring;

/// <summary>
/// Parks consumers on a monitor until a producer publishes: no CPU when idle, a lock and a wake-up per
/// publish. The struct holds a reference to one shared gate, so copies handed to the sequencer and to every
/// barrier signal and wait on the same monitor.
/// </summary>
public readonly struct BlockingWaitStrategy : IWaitStrategy
{
    // Consumers re-check the alert at least this often, so a halt never waits for a publish that will not come.
    private const int AlertCheckMilliseconds = 10;
    private readonly object _gate;

    /// <summary>Creates the strategy with its own monitor.</summary>
    public BlockingWaitStrategy()
    {
        _gate = new object();
    }

    /// <inheritdoc/>
    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var gate = _gate ?? throw new InvalidOperationException("create BlockingWaitStrategy with new(), not default");
        if (cursor.Value < sequence)
        {
            lock (gate)
            {
                while (cursor.Value < sequence)
                {
                    if (alert.IsRaised)
                    {
                        return IWaitStrategy.Alerted;
                    }

                    Monitor.Wait(gate, AlertCheckMilliseconds);
                }
            }
        }

        // The cursor is there; upstream stages finish the rest shortly. Spin a little, then yield, so a
        // downstream stage never holds a core its upstream stage needs (2-core machines).
        long available;
        int spins = 100;
        while ((available = Sequence.Minimum(dependents, long.MaxValue)) < sequence)
        {
            if (alert.IsRaised)
            {
                return IWaitStrategy.Alerted;
            }

            if (spins-- > 0)
            {
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
    /// <remarks>None: a blocking consumer parks at once and is woken by the publish.</remarks>
    public int PublicationSpins => 0;

    /// <inheritdoc/>
    public void SignalAllWhenBlocking()
    {
        var gate = _gate ?? throw new InvalidOperationException("create BlockingWaitStrategy with new(), not default");
        lock (gate)
        {
            Monitor.PulseAll(gate);
        }
    }
}
