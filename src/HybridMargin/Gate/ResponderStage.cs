using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>The responder stage: hands each reply to whoever waits for it, then clears the slot's reference.</summary>
internal struct ResponderStage : IEventHandler<GateEvent>
{
    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch)
    {
        if (e.Kind == GateEventKind.Probe)
        {
            e.ResponderThreadAllocated = GC.GetAllocatedBytesForCurrentThread();
        }

        object? target = e.ReplyTo;
        e.ReplyTo = null;
        switch (target)
        {
            case DecisionSource source:
                source.Complete(e.Reply);
                break;
            case IReplySink sink:
                sink.OnReply(new GateReply(e.Kind, e.Kind == GateEventKind.Order || e.Kind == GateEventKind.Replace ? e.Order.Account : e.Account, e.Reply, e.SubmittedTimestamp, e.RiskThreadAllocated, e.ResponderThreadAllocated));
                break;
        }
    }
}
