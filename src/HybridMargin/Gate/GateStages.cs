using HybridMargin.Engine;
using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>The wiring, for one wait strategy: multi-producer ring → risk stage → responder stage.</summary>
internal interface IGateStages
{
    Sequencer Sequencer { get; }

    RingBuffer<GateEvent> Ring { get; }

    Exception? Fault { get; }

    void Start(int? riskCore, int? responderCore);

    bool IsStageThread(Thread thread);

    bool DrainAndHalt(TimeSpan timeout);
}

/// <inheritdoc cref="IGateStages"/>
internal sealed class GateStages<TWait> : IGateStages
    where TWait : struct, IWaitStrategy
{
    private readonly BatchEventProcessor<GateEvent, RiskStage, TWait> _risk;
    private readonly BatchEventProcessor<GateEvent, ResponderStage, TWait> _responder;
    private Thread? _riskThread;
    private Thread? _responderThread;

    public GateStages(int ringSize, TWait wait, RiskEngine engine)
    {
        Ring = new RingBuffer<GateEvent>(ringSize);
        var sequencer = new MultiProducerSequencer<TWait>(ringSize, wait);
        Sequencer = sequencer;
        _risk = new BatchEventProcessor<GateEvent, RiskStage, TWait>(Ring, new SequenceBarrier<TWait>(sequencer, wait), new RiskStage(engine));
        _responder = new BatchEventProcessor<GateEvent, ResponderStage, TWait>(Ring, new SequenceBarrier<TWait>(sequencer, wait, _risk.Sequence), default);
        sequencer.SetGatingSequences(_responder.Sequence);
    }

    public Sequencer Sequencer { get; }

    public RingBuffer<GateEvent> Ring { get; }

    public Exception? Fault => _risk.Fault ?? _responder.Fault;

    public void Start(int? riskCore, int? responderCore)
    {
        _riskThread = _risk.Start("hm-risk", riskCore);
        _responderThread = _responder.Start("hm-responder", responderCore);
    }

    public bool IsStageThread(Thread thread) => ReferenceEquals(thread, _riskThread) || ReferenceEquals(thread, _responderThread);

    public bool DrainAndHalt(TimeSpan timeout)
    {
        long published = Sequencer.Cursor.Value;
        bool drained = _responder.WaitUntilProcessed(published, timeout);
        _risk.Halt();
        _responder.Halt();
        return drained;
    }
}
