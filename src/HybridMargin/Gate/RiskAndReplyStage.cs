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

    public RiskAndReplyStage(RiskEngine engine, BackgroundRecalculation? recalculation, JournalStage? journal)
    {
        _risk = new RiskStage(engine, recalculation, journal);
    }

    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch)
    {
        // The reply goes out before it is stored into the slot (see ResponderStage.Deliver): the waiter's flag is then
        // the first store to a line the producer's core holds, not the third.
        _risk.Process(ref e, sequence, endOfBatch, out var reply);
        if (ReferenceEquals(e.ReplyTo, GateEvent.ReplyInSlot))
        {
            // The submitter reads the slot: the reply and then its stamp are the only stores, both to the lines it polls.
            e.Reply = reply;
            Volatile.Write(ref e.Decided, sequence + 1);
            return;
        }

        ResponderStage.Deliver(ref e, reply);
        e.Reply = reply;
    }
}
