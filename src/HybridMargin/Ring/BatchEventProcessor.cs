using System.Runtime.CompilerServices;

namespace HybridMargin.Ring;

/// <summary>
/// One stage: a thread that waits on its barrier and hands every available event to its handler in one batch,
/// then publishes its progress once per batch. Generic over the handler and wait strategy structs, so the inner
/// loop has no virtual calls.
/// </summary>
/// <typeparam name="T">Event type.</typeparam>
/// <typeparam name="THandler">The stage's handler.</typeparam>
/// <typeparam name="TWait">The stage's wait strategy.</typeparam>
public sealed class BatchEventProcessor<T, THandler, TWait> : IEventProcessor
    where T : struct
    where THandler : struct, IEventHandler<T>
    where TWait : struct, IWaitStrategy
{
    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier<TWait> _barrier;
    private THandler _handler;
    private Thread? _thread;
    private Exception? _fault;
    private readonly bool _pollsCells;
    private readonly FaultRelease _faultRelease;

    /// <summary>Creates the stage; it starts with <see cref="Start"/> or by calling <see cref="Run"/> on a thread of your own.</summary>
    /// <param name="ring">The ring the stage reads.</param>
    /// <param name="barrier">What the stage waits on.</param>
    /// <param name="handler">The stage's work.</param>
    /// <param name="faultRelease">What a handler exception still passes on (default: every event finished before it).</param>
    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier<TWait> barrier, THandler handler, FaultRelease faultRelease = FaultRelease.CompletedEvents)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        if (!Enum.IsDefined(faultRelease))
        {
            throw new ArgumentOutOfRangeException(nameof(faultRelease), faultRelease, "not a FaultRelease value");
        }

        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _faultRelease = faultRelease;
        // A first stage on a ring its sequencer marks polls the slots themselves (one cache line per hop).
        _pollsCells = barrier.WaitsOnProducers && ReferenceEquals(ring.Sequencer, barrier.Sequencer);
    }

    /// <summary>The last sequence this stage has finished; what later stages and producers wait on.</summary>
    public Sequence Sequence { get; } = new();

    /// <summary>The handler's state (read it after the stage stopped).</summary>
    public ref THandler Handler => ref _handler;

    /// <summary>The exception that stopped the stage, if a handler threw.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <inheritdoc/>
    public Thread? Thread => _thread;

    /// <summary>The barrier this stage waits on.</summary>
    public SequenceBarrier<TWait> Barrier => _barrier;

    /// <summary>
    /// The consume loop, on the calling thread, until <see cref="Halt"/>. A handler exception ends the loop with
    /// <see cref="Fault"/> set and the stage's sequence left before the failing event — or, with
    /// <see cref="FaultRelease.CompletedBatches"/>, before the failing batch: everything after it stays unconsumed rather
    /// than half-processed.
    /// </summary>
    public void Run()
    {
        long next = Sequence.Value + 1;
        try
        {
            while (true)
            {
                long available = _pollsCells ? WaitForCells(next) : _barrier.WaitFor(next);
                if (available == IWaitStrategy.Alerted)
                {
                    return;
                }

                while (next <= available)
                {
                    _handler.OnEvent(ref _ring[next], next, next == available);
                    next++;
                }

                // Release-store: later stages and producers see everything the handler wrote for these events.
                Sequence.Value = available;
            }
        }
        catch (Exception e) when (e is not ThreadInterruptedException)
        {
            // CompletedBatches: the sequence already holds the end of the last completed batch (published once per batch).
            if (_faultRelease == FaultRelease.CompletedEvents)
            {
                Sequence.Value = next - 1;
            }

            // Release: the sequence above is final before anyone who sees the fault reads it.
            Volatile.Write(ref _fault, e);
        }
    }

    /// <summary>
    /// The last of the run of published slots from <paramref name="next"/>, read from the slots' own marks; when
    /// <paramref name="next"/> is not published yet, polls its mark as often as the strategy spins and then waits
    /// through the barrier (the cursor). The run is bounded: producers cannot publish a lap past this stage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long WaitForCells(long next)
    {
        // Checked before the slot, not only while waiting: a stage that always finds work waiting must still stop.
        if (_barrier.Alert.IsRaised)
        {
            return IWaitStrategy.Alerted;
        }

        if (!_ring.IsPublished(next))
        {
            return WaitForCell(next);
        }

        long last = next;
        while (_ring.IsPublished(last + 1))
        {
            last++;
        }

        return last;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForCell(long next)
    {
        int spins = _barrier.PublicationSpins;
        while (!_ring.IsPublished(next))
        {
            if (_barrier.Alert.IsRaised)
            {
                return IWaitStrategy.Alerted;
            }

            if (spins-- <= 0)
            {
                return _barrier.WaitFor(next);
            }

            Thread.SpinWait(1);
        }

        return WaitForCells(next);
    }

    /// <summary>Starts the loop on a new background thread; <paramref name="core"/> pins it (see <see cref="ThreadAffinity"/>).</summary>
    public Thread Start(string name, int? core = null)
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("the stage is already started");
        }

        _thread = new Thread(() =>
        {
            if (core is int c)
            {
                ThreadAffinity.TryPinCurrentThread(c);
            }

            Run();
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
        return _thread;
    }

    /// <summary>Stops the loop after the batch in progress; joins the thread if <see cref="Start"/> made one.</summary>
    public void Halt()
    {
        _barrier.Halt();
        // From inside the stage (a handler halting it) there is nothing to join: the loop ends after this batch.
        if (_thread is not null && !ReferenceEquals(Thread.CurrentThread, _thread))
        {
            _thread.Join();
        }
    }

    /// <summary>Waits until the stage has processed <paramref name="sequence"/>; false on timeout or fault.</summary>
    public bool WaitUntilProcessed(long sequence, TimeSpan timeout)
    {
        var spinner = default(SpinWait);
        bool forever = timeout == Timeout.InfiniteTimeSpan;
        long deadline = forever ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Sequence.Value < sequence)
        {
            if (Fault is not null || (!forever && Environment.TickCount64 > deadline))
            {
                return false;
            }

            spinner.SpinOnce();
        }

        return true;
    }
}
