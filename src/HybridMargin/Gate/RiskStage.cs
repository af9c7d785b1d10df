using HybridMargin.Engine;
using HybridMargin.Recalculation;
using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>
/// The risk stage: the only writer of account state. With a journal, records each state-changing event first (so it
/// is in the journal before its decision can leave), then applies it to the engine and writes the reply into the slot.
/// </summary>
internal struct RiskStage : IEventHandler<GateEvent>
{
    private readonly RiskEngine _engine;
    private readonly BackgroundRecalculation? _recalculation;
    private readonly JournalStage? _journal;

    public RiskStage(RiskEngine engine, BackgroundRecalculation? recalculation, JournalStage? journal)
    {
        _engine = engine;
        _recalculation = recalculation;
        _journal = journal;
    }

    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch) => e.Reply = Process(ref e, sequence, endOfBatch);

    /// <summary>
    /// Journals (when there is a journal) and applies one event and returns its reply without writing it into the slot:
    /// a stage that delivers the reply itself can hand it over before it stores into the slot's lines (see
    /// <see cref="RiskAndReplyStage"/>).
    /// </summary>
    internal readonly Decision Process(ref GateEvent e, long sequence, bool endOfBatch) =>
        _journal is null ? Decide(ref e, sequence) : OnJournalledEvent(_journal, ref e, sequence, endOfBatch);

    /// <summary>
    /// Applies a state-changing event to the engine and returns its reply: the one code path for the live gate, recovery
    /// and replay, which is what makes a replayed journal reproduce every decision.
    /// </summary>
    internal static Decision Apply(RiskEngine engine, BackgroundRecalculation? recalculation, ref GateEvent e)
    {
        switch (e.Kind)
        {
            case GateEventKind.Order:
                return engine.Evaluate(e.Order);
            case GateEventKind.Replace:
                return engine.Replace(e.ClientOrderId, e.Order);
            case GateEventKind.Cancel:
                return new Decision { Code = engine.Cancel(e.Account, e.ClientOrderId), ClientOrderId = e.ClientOrderId };
            case GateEventKind.Fill:
                return new Decision { Code = engine.Fill(e.Account, e.ClientOrderId, e.Amount, e.Price), ClientOrderId = e.ClientOrderId };
            case GateEventKind.Mark:
                var code = engine.SetMark(e.Target, e.Amount);
                if (code == RejectCode.None)
                {
                    recalculation?.OnMark(e.Target, e.Amount, e.EventTimeNanos);
                }

                return new Decision { Code = code };
            case GateEventKind.ImpliedVol:
                return new Decision { Code = engine.SetImpliedVol(e.Target, e.Amount) };
            case GateEventKind.Balance:
                return new Decision { Code = engine.ChangeBalance(e.Account, e.Target, e.Amount) };
            case GateEventKind.KillSwitch:
                return new Decision { Code = engine.SetKillSwitch(e.Account, e.Flag) };
            case GateEventKind.AdoptSnapshot:
                Adopt(engine, recalculation, (RiskSnapshot)e.Payload!);
                e.Payload = null;
                return default;
            default:
                return new Decision { Code = RejectCode.InvalidInput };
        }
    }

    private readonly Decision OnJournalledEvent(JournalStage journal, ref GateEvent e, long sequence, bool endOfBatch)
    {
        Decision reply;
        if (!Journal.JournalEvent.Records(e.Kind))
        {
            reply = Decide(ref e, sequence);
        }
        else if (journal.TryAppend(e))
        {
            reply = Decide(ref e, sequence);
            journal.Applied(_engine, _recalculation);
        }
        else
        {
            // Fail closed: an event the journal could not keep is not applied, so state never runs ahead of the journal.
            reply = new Decision { Code = RejectCode.JournalFailed, ClientOrderId = e.Kind is GateEventKind.Order or GateEventKind.Replace ? e.Order.ClientOrderId : e.ClientOrderId };
            e.Payload = null;
        }

        if (endOfBatch)
        {
            journal.EndOfBatch();
        }

        return reply;
    }

    private readonly Decision Decide(ref GateEvent e, long sequence)
    {
        Decision reply;
        switch (e.Kind)
        {
            case GateEventKind.Probe:
                e.RiskThreadAllocated = GC.GetAllocatedBytesForCurrentThread();
                reply = default;
                break;
            case GateEventKind.Recalculate:
                _recalculation?.OnEvent(_engine, sequence, 0, forced: true);
                return default;
            case GateEventKind.AdoptSnapshot:
                return Apply(_engine, _recalculation, ref e);
            default:
                reply = Apply(_engine, _recalculation, ref e);
                break;
        }

        long orderTime = e.Kind is GateEventKind.Order or GateEventKind.Replace ? e.Order.TimestampNanos : 0;
        _recalculation?.OnEvent(_engine, sequence, orderTime, forced: false);
        return reply;
    }

    private static void Adopt(RiskEngine engine, BackgroundRecalculation? recalculation, RiskSnapshot snapshot)
    {
        if (snapshot.Vols is { } vols && snapshot.Haircuts is { } haircuts)
        {
            // Automated parameters first: Σ and haircuts change, every account is rebuilt exactly.
            engine.ApplyRiskParameters(vols.ToArray(), haircuts.ToArray());
        }
        else
        {
            // Drop the incremental rounding: every account recomputed from its holdings now — the snapshot's fresh
            // state at its sequence with everything after it re-applied, without replaying those events.
            engine.RebuildAll();
        }

        for (int a = 0; a < snapshot.ModelAddOns.Count; a++)
        {
            engine.SetModelAddOn(a, snapshot.ModelAddOns[a]);
        }

        engine.AdoptSnapshot(snapshot.TimestampNanos);
        recalculation?.OnAdopted();
    }
}
