using HybridMargin.Engine;
using HybridMargin.Recalculation;
using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>The wiring, for one wait strategy: multi-producer ring → risk stage → responder stage.</summary>
internal interface IGateStages
{
    Sequencer Sequencer { get; }

    RingBuffer<GateEvent> Ring { get; }

    Exception? Fault { get; }

    /// <summary>The last sequence the last stage has finished (acquire).</summary>
    long Delivered { get; }

    /// <summary>The last sequence the risk stage has finished (acquire): its reply is in the slot.</summary>
    long Decided { get; }

    void Start(int? riskCore, int? responderCore);

    bool IsStageThread(Thread thread);

    bool DrainAndHalt(TimeSpan timeout);

    /// <summary>
    /// True when <paramref name="sequence"/> will never be delivered: a stage failed, or all were halted, before it.
    /// Stable once true: a failed stage's sequence is final when its fault is visible, a halted one's once it has joined.
    /// </summary>
    bool WillNeverDeliver(long sequence);
}

/// <inheritdoc cref="IGateStages"/>
internal sealed class GateStages<TWait> : IGateStages
    where TWait : struct, IWaitStrategy
{
    // Risk then responder, or one fused stage; the last one gates the producers.
    private readonly IEventProcessor[] _stages;

    // Set (release) once every stage has halted and joined; read (acquire) by waiters checking for a lost delivery.
    private int _halted;

    public GateStages(int ringSize, TWait wait, RiskEngine engine, bool replyOnRiskThread, BackgroundRecalculation? recalculation, JournalStage? journal, SlotHolds? holds)
    {
        var sequencer = new MultiProducerSequencer<TWait>(ringSize, wait);
        Sequencer = sequencer;
        Ring = new RingBuffer<GateEvent>(sequencer);
        if (replyOnRiskThread)
        {
            _stages = [new BatchEventProcessor<GateEvent, RiskAndReplyStage, TWait>(Ring, new SequenceBarrier<TWait>(sequencer, wait), new RiskAndReplyStage(engine, recalculation, journal))];
        }
        else
        {
            // A stage that group-commits per batch releases only committed batches when it fails (the power-loss fsync).
            var release = journal?.Durability == Journal.JournalDurability.PowerLoss ? FaultRelease.CompletedBatches : FaultRelease.CompletedEvents;
            var risk = new BatchEventProcessor<GateEvent, RiskStage, TWait>(Ring, new SequenceBarrier<TWait>(sequencer, wait), new RiskStage(engine, recalculation, journal), release);
            var responder = new BatchEventProcessor<GateEvent, ResponderStage, TWait>(Ring, new SequenceBarrier<TWait>(sequencer, wait, risk.Sequence), default);
            _stages = [risk, responder];
        }

        // Holds after the last stage: SlotHolds relies on producers reading them in that order.
        sequencer.SetGatingSequences(holds is null ? [_stages[^1].Sequence] : [_stages[^1].Sequence, .. holds.Sequences]);
    }

    public Sequencer Sequencer { get; }

    public RingBuffer<GateEvent> Ring { get; }

    public long Delivered => _stages[^1].Sequence.Value;

    public long Decided => _stages[0].Sequence.Value;

    public Exception? Fault
    {
        get
        {
            foreach (var stage in _stages)
            {
                if (stage.Fault is { } fault)
                {
                    return fault;
                }
            }

            return null;
        }
    }

    public void Start(int? riskCore, int? responderCore)
    {
        _stages[0].Start("hm-risk", riskCore);
        if (_stages.Length > 1)
        {
            _stages[1].Start("hm-responder", responderCore);
        }
    }

    public bool IsStageThread(Thread thread)
    {
        // The processors' own threads, set before each starts: a sink running on the first events is recognised too.
        foreach (var stage in _stages)
        {
            if (ReferenceEquals(stage.Thread, thread))
            {
                return true;
            }
        }

        return false;
    }

    public bool DrainAndHalt(TimeSpan timeout)
    {
        long published = Sequencer.Cursor.Value;

        // Stage by stage, so a failed risk stage ends the wait at once instead of the responder waiting out the timeout;
        // one deadline for all of them.
        bool drained = true;
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        foreach (var stage in _stages)
        {
            var left = timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
            drained = drained && stage.WaitUntilProcessed(published, left);
        }

        foreach (var stage in _stages)
        {
            stage.Halt();
        }

        Volatile.Write(ref _halted, 1);
        return drained;
    }

    public bool WillNeverDeliver(long sequence)
    {
        bool halted = Volatile.Read(ref _halted) != 0;
        foreach (var stage in _stages)
        {
            if ((halted || stage.Fault is not null) && stage.Sequence.Value < sequence)
            {
                return true;
            }
        }

        return false;
    }
}
