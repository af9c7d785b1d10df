using HybridMargin.Engine;
using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>The responder stage: hands each reply to whoever waits for it, then clears the slot's reference.</summary>
internal struct ResponderStage : IEventHandler<GateEvent>
{
    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch)
    {
        if (ReferenceEquals(e.ReplyTo, GateEvent.ReplyInSlot))
        {
            // The risk stage wrote the reply into the slot already; the stamp releases it to the submitter.
            Volatile.Write(ref e.Decided, sequence + 1);
            return;
        }

        Deliver(ref e, e.Reply);
    }

    /// <summary>
    /// Hands <paramref name="reply"/> to the event's waiter, then clears the slot's reference. The hand-over comes before
    /// any store into the slot: the producer wrote the slot, so a store there first waits for its cache lines to come
    /// back from the producer's core, and the stores after it — the waiter's flag included — wait behind it (stores
    /// become visible in program order on x86). Not for <see cref="GateEvent.ReplyInSlot"/>, whose waiter reads the slot.
    /// </summary>
    internal static void Deliver(ref GateEvent e, in Decision reply)
    {
        if (e.Kind == GateEventKind.Probe)
        {
            e.ResponderThreadAllocated = GC.GetAllocatedBytesForCurrentThread();
        }

        switch (e.ReplyTo)
        {
            case DecisionSource source:
                source.Complete(reply);
                break;
            case IReplySink sink:
                try
                {
                    sink.OnReply(new GateReply(e.Kind, e.Kind == GateEventKind.Order || e.Kind == GateEventKind.Replace ? e.Order.Account : e.Account, reply, e.SubmittedTimestamp, e.RiskThreadAllocated, e.ResponderThreadAllocated));
                }
                catch (Exception)
                {
                    // The sink had its reply (and failed on it; the stage fails): it is not answered again at Stop.
                    e.ReplyTo = null;
                    throw;
                }

                break;
        }

        e.ReplyTo = null;
    }
}
