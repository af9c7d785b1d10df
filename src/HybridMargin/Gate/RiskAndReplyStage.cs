using HybridMargin.Engine;
using HybridMargin.Recalculation;
using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>
/// The risk stage and the responder in one: decides and delivers on the risk thread. One hand-off fewer per
/// decision, for machines without a core to spare for a responder thread (see <see cref="GateOptions.ReplyOnRiskThread"/>).
/// </summary>
internal struct RiskAndReplyStage : IEventHandler<GateEvent>
{
    private readonly RiskStage _risk;
    private readonly ResponderStage _reply;

    public RiskAndReplyStage(RiskEngine engine, BackgroundRecalculation? recalculation, JournalStage? journal)
    {
        _risk = new RiskStage(engine, recalculation, journal);
        _reply = default;
    }

    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch)
    {
        _risk.OnEvent(ref e, sequence, endOfBatch);
        _reply.OnEvent(ref e, sequence, endOfBatch);
    }
}
