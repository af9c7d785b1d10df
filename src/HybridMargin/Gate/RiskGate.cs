using System.Diagnostics;
using System.Runtime.CompilerServices;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Journal;
using HybridMargin.Recalculation;
using HybridMargin.Ring;
using Microsoft.Extensions.ObjectPool;

namespace HybridMargin.Gate;

/// <summary>
/// The pre-trade gate as a pipeline (SPEC §1.1, §2): any number of producer threads publish into one ring;
/// a risk thread — the only writer of account state — decides; a responder thread delivers each decision by
/// callback, by <see cref="ValueTask{Decision}"/>, or to a synchronous waiter. Every submitted order gets exactly
/// one decision: <see cref="RejectCode.Saturated"/> at once when the ring is full, <see cref="RejectCode.GateStopped"/>
/// once the gate stops — also when a stage failed: <see cref="Stop"/> then answers whatever it never delivered.
/// State-changing events (fills, marks, balances) are facts and are never refused for a full ring: their producers wait
/// for a slot.
/// </summary>
public sealed class RiskGate : IDisposable
{
    private const int Created = 0;
    private const int Running = 1;
    private const int Stopping = 2;
    private const int Stopped = 3;

    private readonly IGateStages _stages;
    private readonly Sequencer _sequencer;
    private readonly RingBuffer<GateEvent> _ring;
    private readonly GateOptions _options;
    private readonly ObjectPool<DecisionSource> _sources;
    private readonly JournalStage? _journal;
    private readonly SlotHolds? _holds;

    // Lifecycle: written with Interlocked/Volatile by Start/Stop, read (acquire) by producers before and after
    // they count themselves in flight, so Stop can wait until no producer is between claim and publish.
    private int _state;
    private int _journalClosed;

    // Producers increment and decrement it once each per submission; padded to a line of its own, because the engine
    // object the risk thread reads on every event is allocated right after the gate and may share its line.
    private PaddedLong _inFlight;

    // Incremented (Interlocked) by a synchronous submitter that found no slot hold free; read by tests only.
    private long _readBackFallbacks;

    /// <summary>
    /// Builds the engine from <paramref name="book"/> — or, with a journal, recovers it from the journal directory
    /// (<see cref="Recovery"/>) — and the pipeline around it; call <see cref="Start"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The journal directory cannot be recovered.</exception>
    /// <exception cref="IOException">The journal cannot be written.</exception>
    public RiskGate(Book book, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        _options = options ?? new GateOptions();
        if (_options.SlotHolds < 0 || (_options.SlotHolds > 0 && !System.Numerics.BitOperations.IsPow2(_options.SlotHolds)))
        {
            // Before anything that starts a thread or opens a file.
            throw new ArgumentOutOfRangeException(nameof(options), _options.SlotHolds, "GateOptions.SlotHolds must be 0 or a power of two");
        }

        bool fused = _options.ReplyOnRiskThread;
        Recalculation = _options.Recalculation is { } recalculation ? new BackgroundRecalculation(book, recalculation, PublishSnapshot) : null;
        var r = Recalculation;
        if (_options.Journal is { } journal)
        {
            if (journal.Durability == JournalDurability.PowerLoss && fused)
            {
                throw new ArgumentException("power-loss durability commits a batch before its decisions are released, which needs the responder thread: ReplyOnRiskThread must be false", nameof(options));
            }

            try
            {
                (Engine, Recovery) = JournalRecovery.Recover(book, _options.Engine, r, journal.Directory);
                _journal = new JournalStage(journal, Recovery.LastSequence + 1, Recovery.NextFileNumber, (book.Assets.Count, book.Instruments.Count, book.Accounts.Count));
            }
            catch
            {
                // No gate: its recalculation thread must not outlive the failed construction.
                r?.Dispose();
                throw;
            }
        }
        else
        {
            Engine = new RiskEngine(book, _options.Engine);
        }

        // Set after recovery: transitions replayed from the journal were reported when they first happened.
        Engine.LiquidationSink = _options.LiquidationSink;
        var j = _journal;
        var h = _holds = _options.SlotHolds == 0 ? null : new SlotHolds(_options.SlotHolds);
        _stages = _options.WaitStrategy switch
        {
            WaitStrategyKind.BusySpin => new GateStages<BusySpinWaitStrategy>(_options.RingSize, default, Engine, fused, r, j, h),
            WaitStrategyKind.Sleeping => new GateStages<SleepingWaitStrategy>(_options.RingSize, default, Engine, fused, r, j, h),
            WaitStrategyKind.Blocking => new GateStages<BlockingWaitStrategy>(_options.RingSize, new BlockingWaitStrategy(), Engine, fused, r, j, h),
            _ => new GateStages<YieldingWaitStrategy>(_options.RingSize, default, Engine, fused, r, j, h),
        };
        _sequencer = _stages.Sequencer;
        _ring = _stages.Ring;
        _sources = new DefaultObjectPool<DecisionSource>(new DecisionSource.Policy(), _options.DecisionPoolSize);
    }

    /// <summary>
    /// The engine. Only the risk thread may touch it while the gate runs; read it before <see cref="Start"/>
    /// or after <see cref="Stop"/>.
    /// </summary>
    public RiskEngine Engine { get; }

    /// <summary>The background recalculation, when <see cref="GateOptions.Recalculation"/> is set.</summary>
    public BackgroundRecalculation? Recalculation { get; }

    /// <summary>What recovery found when the gate was built with a journal; null without one.</summary>
    public RecoveryReport? Recovery { get; }

    /// <summary>
    /// Why the journal stopped recording, if it did: the gate then refuses every event with <see cref="RejectCode.JournalFailed"/>
    /// — or, when a power-loss commit failed (or the journal failed part-way through a batch), the risk stage has failed
    /// too (<see cref="Fault"/>) and everything is answered <see cref="RejectCode.GateStopped"/>.
    /// </summary>
    public Exception? JournalFault => _journal?.Fault;

    /// <summary>The sequence of the last journalled event (read after <see cref="Stop"/>); 0 without a journal.</summary>
    public long JournalSequence => _journal?.LastSequence ?? 0;

    /// <summary>State snapshots written since the gate was built.</summary>
    public long SnapshotsWritten => _journal?.SnapshotsWritten ?? 0;

    /// <summary>The last snapshot write failure, if any (snapshots are retried; the journal alone recovers everything).</summary>
    public Exception? SnapshotFault => _journal?.SnapshotFault;

    /// <summary>The holds of submitters reading their slots back; null when <see cref="GateOptions.SlotHolds"/> is 0.</summary>
    internal SlotHolds? Holds => _holds;

    /// <summary>The last sequence whose reply has been delivered (for tests: the stages have caught up).</summary>
    internal long Delivered => _stages.Delivered;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>, unless a stage failed.</summary>
    public bool IsRunning => Volatile.Read(ref _state) == Running && _stages.Fault is null;

    /// <summary>The exception that stopped a stage, if any (the gate then answers GateStopped).</summary>
    public Exception? Fault => _stages.Fault;

    /// <summary>Starts the risk and responder threads (pinned as the options say).</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Created) != Created)
        {
            throw new InvalidOperationException("the gate has already been started");
        }

        _stages.Start(_options.RiskCore, _options.ResponderCore);
    }

    /// <summary>
    /// Stops taking events, lets everything already published be decided and delivered, then stops the threads.
    /// Returns false if the drain timed out (or a stage had failed).
    /// </summary>
    public bool Stop()
    {
        if (_stages.IsStageThread(Thread.CurrentThread))
        {
            throw new InvalidOperationException("Stop was called from a gate stage thread (inside a reply sink); it would wait for itself");
        }

        int previous = Interlocked.CompareExchange(ref _state, Stopping, Running);
        if (previous != Running)
        {
            // Never started, or already stopping/stopped: nothing is in the ring to drain.
            Volatile.Write(ref _state, Stopped);
            Recalculation?.Dispose();
            if (previous != Stopping)
            {
                // Stopping: another Stop is draining and closes the journal once the risk thread has halted.
                CloseJournal();
            }

            return _stages.Fault is null;
        }

        var spinner = default(SpinWait);
        while (Volatile.Read(ref _inFlight.Value) != 0)
        {
            spinner.SpinOnce();
        }

        bool drained = _stages.DrainAndHalt(_options.DrainTimeout);
        if (!drained)
        {
            AnswerUndelivered();
        }

        Volatile.Write(ref _state, Stopped);
        Recalculation?.Dispose();
        CloseJournal();
        return drained && _stages.Fault is null;
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    /// <summary>
    /// After a stage failed or the drain timed out, with every stage halted: each published event whose reply was never
    /// delivered gets one now, on this thread — its decision if the risk stage made one, else GateStopped (the gate failed
    /// before deciding it). A sink that failed on its reply is not answered again. Submitters reading their slots back see
    /// the halt themselves.
    /// </summary>
    private void AnswerUndelivered()
    {
        long decided = _stages.Decided;
        long claimed = _sequencer.Cursor.Value;
        for (long sequence = _stages.Delivered + 1; sequence <= claimed; sequence++)
        {
            ref var e = ref _ring[sequence];
            if (!_sequencer.IsAvailable(sequence) || e.ReplyTo is null || ReferenceEquals(e.ReplyTo, GateEvent.ReplyInSlot))
            {
                continue;
            }

            var reply = sequence <= decided
                ? e.Reply
                : new Decision { Code = RejectCode.GateStopped, ClientOrderId = e.Kind is GateEventKind.Order or GateEventKind.Replace ? e.Order.ClientOrderId : e.ClientOrderId };
            try
            {
                ResponderStage.Deliver(ref e, reply);
            }
            catch (Exception)
            {
                // A sink failed on its answer (Deliver has dropped its reference): the events after it still get theirs,
                // and Stop still stops. No filter on the slot: Deliver's own handler clears it before a filter here runs.
            }
        }
    }

    private void CloseJournal()
    {
        // Only once the risk thread has stopped writing; a second Stop finds it closed already.
        if (_journal is not null && Interlocked.Exchange(ref _journalClosed, 1) == 0)
        {
            _journal.Dispose();
        }
    }

    /// <summary>
    /// Submits an order; <paramref name="sink"/> receives exactly one reply — on the submitting thread at once when
    /// the ring is full (Saturated) or the gate stopped, else on the responder thread. Returns whether it was queued.
    /// </summary>
    public bool Submit(in Order order, IReplySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        long now = Stopwatch.GetTimestamp();
        var target = new FixedTarget(sink);
        var refused = TryPublishOrder(GateEventKind.Order, order, 0, ref target, now, out _);
        if (refused == RejectCode.None)
        {
            return true;
        }

        sink.OnReply(new GateReply(GateEventKind.Order, order.Account, new Decision { Code = refused, ClientOrderId = order.ClientOrderId }, now, 0, 0));
        return false;
    }

    /// <summary>Submits an order and returns its decision as a pooled, allocation-free <see cref="ValueTask{Decision}"/>. Await it exactly once.</summary>
    public ValueTask<Decision> SubmitAsync(in Order order)
    {
        var source = _sources.Get();
        source.Rent(_sources);
        var task = source.Task;

        // No submission timestamp: only a reply sink is handed one.
        var target = new FixedTarget(source);
        var refused = TryPublishOrder(GateEventKind.Order, order, 0, ref target, 0, out _);
        if (refused != RejectCode.None)
        {
            source.CompleteInline(new Decision { Code = refused, ClientOrderId = order.ClientOrderId });
        }

        return task;
    }

    /// <summary>
    /// Submits an order and waits on this thread for its own decision: read back from the order's slot while one of
    /// <see cref="GateOptions.SlotHolds"/> is free, else through a pooled <see cref="DecisionSource"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on a gate stage thread (inside a reply sink): it would wait for itself.</exception>
    public Decision Submit(in Order order)
    {
        if (_stages.IsStageThread(Thread.CurrentThread))
        {
            // Before the order is published: refused, it is not decided behind the caller's back either.
            Numerics.ThrowHelper.ThrowInvalidOperation("a synchronous Submit was called on a gate stage thread (inside a reply sink); it would wait for itself — submit with a sink or SubmitAsync there");
        }

        if (_holds is { } holds)
        {
            var readBack = new ReadBackTarget(this, holds);
            var refusal = TryPublishOrder(GateEventKind.Order, order, 0, ref readBack, 0, out long sequence);
            if (refusal != RejectCode.None)
            {
                // Refused before the claim: no hold was taken, no source rented.
                return new Decision { Code = refusal, ClientOrderId = order.ClientOrderId };
            }

            if (readBack.Source is { } pooled)
            {
                return pooled.Wait();
            }

            try
            {
                return ReadBack(sequence, order.ClientOrderId);
            }
            finally
            {
                holds.Release(readBack.Hold);
            }
        }

        var source = RentSynchronous();
        var target = new FixedTarget(source);
        var refused = TryPublishOrder(GateEventKind.Order, order, 0, ref target, 0, out _);
        if (refused != RejectCode.None)
        {
            source.CompleteInline(new Decision { Code = refused, ClientOrderId = order.ClientOrderId });
        }

        return source.Wait();
    }

    /// <summary>Synchronous submissions that found no slot hold free and waited through a pooled source instead (tests).</summary>
    internal long ReadBackFallbacks => Interlocked.Read(ref _readBackFallbacks);

    private DecisionSource RentSynchronous()
    {
        var source = _sources.Get();
        source.Rent(_sources);
        source.Synchronous = true;
        return source;
    }

    /// <summary>Waits for the decision of <paramref name="sequence"/> in its slot (held by the caller) and copies it out.</summary>
    private Decision ReadBack(long sequence, long clientOrderId)
    {
        ref var slot = ref _ring[sequence];
        var poll = new DecisionPoll();

        // Acquire: the reply was stored before its stamp.
        while (Volatile.Read(ref slot.Decided) != sequence + 1)
        {
            if (poll.NextWillYield && _stages.WillNeverDeliver(sequence))
            {
                return Undeliverable(ref slot, sequence, clientOrderId);
            }

            poll.Once();
        }

        return slot.Reply;
    }

    /// <summary>
    /// A slot no stage will stamp (one failed, or all halted, before it): its decision if the risk stage made one — the
    /// engine applied it, so that is the answer — else GateStopped (fail closed).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Decision Undeliverable(ref GateEvent slot, long sequence, long clientOrderId)
    {
        // Acquire on either: the risk stage stored the reply before its sequence, a stage the stamp after the reply.
        return Volatile.Read(ref slot.Decided) == sequence + 1 || _stages.Decided >= sequence
            ? slot.Reply
            : new Decision { Code = RejectCode.GateStopped, ClientOrderId = clientOrderId };
    }

    /// <summary>Replaces an open order (see <see cref="RiskEngine.Replace"/>); the reply goes to <paramref name="sink"/> as for <see cref="Submit(in Order, IReplySink)"/>.</summary>
    public bool Replace(long originalClientOrderId, in Order replacement, IReplySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        long now = Stopwatch.GetTimestamp();
        var target = new FixedTarget(sink);
        var refused = TryPublishOrder(GateEventKind.Replace, replacement, originalClientOrderId, ref target, now, out _);
        if (refused == RejectCode.None)
        {
            return true;
        }

        sink.OnReply(new GateReply(GateEventKind.Replace, replacement.Account, new Decision { Code = refused, ClientOrderId = replacement.ClientOrderId }, now, 0, 0));
        return false;
    }

    /// <summary>Cancels an open order. Waits for a free slot rather than dropping it; false only when the gate is stopped or a stage has failed.</summary>
    public bool Cancel(int account, long clientOrderId, IReplySink? sink = null)
    {
        var e = new GateEvent { Kind = GateEventKind.Cancel, Account = account, ClientOrderId = clientOrderId, ReplyTo = sink };
        return PublishFact(ref e);
    }

    /// <summary>Applies a fill from the venue. Waits for a free slot rather than dropping it; false only when the gate is stopped or a stage has failed.</summary>
    public bool Fill(int account, long clientOrderId, double quantity, double price, IReplySink? sink = null)
    {
        var e = new GateEvent { Kind = GateEventKind.Fill, Account = account, ClientOrderId = clientOrderId, Amount = quantity, Price = price, ReplyTo = sink };
        return PublishFact(ref e);
    }

    /// <summary>A mark tick for an asset, timed now (wall clock).</summary>
    public bool Mark(int asset, double price, IReplySink? sink = null) =>
        Mark(asset, price, (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100, sink);

    /// <summary>A mark tick for an asset at the feed's own time (Unix nanoseconds; the EWMA of SPEC §4.7 uses it).</summary>
    public bool Mark(int asset, double price, long timestampNanos, IReplySink? sink = null)
    {
        var e = new GateEvent { Kind = GateEventKind.Mark, Target = asset, Amount = price, EventTimeNanos = timestampNanos, ReplyTo = sink };
        return PublishFact(ref e);
    }

    /// <summary>An implied-vol tick for an option.</summary>
    public bool ImpliedVol(int instrument, double vol, IReplySink? sink = null)
    {
        var e = new GateEvent { Kind = GateEventKind.ImpliedVol, Target = instrument, Amount = vol, ReplyTo = sink };
        return PublishFact(ref e);
    }

    /// <summary>A deposit (positive) or withdrawal (negative).</summary>
    public bool Balance(int account, int asset, double delta, IReplySink? sink = null)
    {
        var e = new GateEvent { Kind = GateEventKind.Balance, Account = account, Target = asset, Amount = delta, ReplyTo = sink };
        return PublishFact(ref e);
    }

    /// <summary>Turns an account's kill switch on or off.</summary>
    public bool KillSwitch(int account, bool disabled, IReplySink? sink = null)
    {
        var e = new GateEvent { Kind = GateEventKind.KillSwitch, Account = account, Flag = disabled, ReplyTo = sink };
        return PublishFact(ref e);
    }

    /// <summary>Asks the risk thread to start a background recalculation now (if none is running).</summary>
    public bool RequestRecalculation()
    {
        var e = new GateEvent { Kind = GateEventKind.Recalculate };
        return PublishFact(ref e);
    }

    private bool PublishSnapshot(RiskSnapshot snapshot)
    {
        var e = new GateEvent { Kind = GateEventKind.AdoptSnapshot, Payload = snapshot };
        return PublishFact(ref e);
    }

    /// <summary>Asks each stage thread to report its allocated bytes (the zero-allocation proof across threads).</summary>
    public bool Probe(IReplySink sink)
    {
        var e = new GateEvent { Kind = GateEventKind.Probe, ReplyTo = sink };
        return PublishFact(ref e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RejectCode TryPublishOrder<TTarget>(GateEventKind kind, in Order order, long original, ref TTarget target, long now, out long sequence)
        where TTarget : struct, IReplyTarget
    {
        sequence = -1;
        if (Volatile.Read(ref _state) != Running)
        {
            return RejectCode.GateStopped;
        }

        Interlocked.Increment(ref _inFlight.Value);
        try
        {
            // Re-check after counting in: Stop waits for in-flight producers only once it has changed the state.
            if (Volatile.Read(ref _state) != Running || _stages.Fault is not null)
            {
                return RejectCode.GateStopped;
            }

            if (!_sequencer.TryNext(out sequence))
            {
                return RejectCode.Saturated;
            }

            ref var slot = ref _ring[sequence];
            slot.Kind = kind;
            slot.Order = order;
            slot.ClientOrderId = original;
            slot.ReplyTo = target.For(sequence);
            slot.SubmittedTimestamp = now;
            _sequencer.Publish(sequence);
            return RejectCode.None;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight.Value);
        }
    }

    private bool PublishFact(ref GateEvent e)
    {
        if (Volatile.Read(ref _state) != Running)
        {
            return false;
        }

        Interlocked.Increment(ref _inFlight.Value);
        try
        {
            if (Volatile.Read(ref _state) != Running || _stages.Fault is not null)
            {
                return false;
            }

            e.SubmittedTimestamp = Stopwatch.GetTimestamp();
            long sequence;
            var spinner = default(SpinWait);
            while (!_sequencer.TryNext(out sequence))
            {
                // A fact waits for a slot rather than being dropped, but a ring that is full behind a failed stage never
                // drains: give up then (Stop waits for producers in here, so waiting on would hang it too).
                if (_stages.Fault is not null)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            _ring[sequence] = e;
            _sequencer.Publish(sequence);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight.Value);
        }
    }

    /// <summary>Who gets the reply of an order, chosen once its slot is claimed (a struct: no dispatch on the hot path).</summary>
    private interface IReplyTarget
    {
        object For(long sequence);
    }

    private readonly struct FixedTarget(object replyTo) : IReplyTarget
    {
        public object For(long sequence) => replyTo;
    }

    /// <summary>The slot itself while a hold is free (taken at the sequence before the claimed one), else a pooled source.</summary>
    private struct ReadBackTarget(RiskGate gate, SlotHolds holds) : IReplyTarget
    {
        public int Hold = -1;

        public DecisionSource? Source;

        public object For(long sequence)
        {
            Hold = holds.TryTake(sequence - 1);
            if (Hold >= 0)
            {
                return GateEvent.ReplyInSlot;
            }

            Interlocked.Increment(ref gate._readBackFallbacks);
            Source = gate.RentSynchronous();
            return Source;
        }
    }
}
