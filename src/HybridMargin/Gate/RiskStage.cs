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

    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch) => Process(ref e, sequence, endOfBatch, out e.Reply);

    /// <summary>
    /// Journals (when there is a journal) and applies one event, writing its reply to <paramref name="reply"/>: the
    /// slot's own field (this stage), or a local that a stage delivering the reply itself hands over before it stores
    /// into the slot's lines (see <see cref="RiskAndReplyStage"/>). An out parameter, not a return value: the 96-byte
    /// decision is written once where it belongs instead of copied through every caller (returning it cost the split
    /// gate 3–7 % of its throughput).
    /// </summary>
    internal readonly void Process(ref GateEvent e, long sequence, bool endOfBatch, out Decision reply)
    {
        if (_journal is null)
        {
            Decide(ref e, sequence, out reply);
            return;
        }

        OnJournalledEvent(_journal, ref e, sequence, endOfBatch, out reply);
    }

    /// <summary>
    /// Applies a state-changing event to the engine and writes its reply to <paramref name="reply"/>: the one code path for the live gate, recovery
    /// and replay, which is what makes a replayed journal reproduce every decision.
    /// </summary>
    internal static void Apply(RiskEngine engine, BackgroundRecalculation? recalculation, ref GateEvent e, out Decision reply)
    {
        switch (e.Kind)
        {
            case GateEventKind.Order:
                reply = engine.Evaluate(e.Order);
                break;
            case GateEventKind.Replace:
                reply = engine.Replace(e.ClientOrderId, e.Order);
                break;
            case GateEventKind.Cancel:
                reply = new Decision { Code = engine.Cancel(e.Account, e.ClientOrderId), ClientOrderId = e.ClientOrderId };
                break;
            case GateEventKind.Fill:
                reply = new Decision { Code = engine.Fill(e.Account, e.ClientOrderId, e.Amount, e.Price), ClientOrderId = e.ClientOrderId };
                break;
            case GateEventKind.Mark:
                var code = engine.SetMark(e.Target, e.Amount);
                if (code == RejectCode.None)
                {
                    recalculation?.OnMark(e.Target, e.Amount, e.EventTimeNanos);
                }

                reply = new Decision { Code = code };
                break;
            case GateEventKind.ImpliedVol:
                reply = new Decision { Code = engine.SetImpliedVol(e.Target, e.Amount) };
                break;
            case GateEventKind.Balance:
                reply = new Decision { Code = engine.ChangeBalance(e.Account, e.Target, e.Amount) };
                break;
            case GateEventKind.KillSwitch:
                reply = new Decision { Code = engine.SetKillSwitch(e.Account, e.Flag) };
                break;
            case GateEventKind.AdoptSnapshot:
                Adopt(engine, recalculation, (RiskSnapshot)e.Payload!);
                e.Payload = null;
                reply = default;
                break;
            default:
                reply = new Decision { Code = RejectCode.InvalidInput };
                break;
        }
    }

    private readonly void OnJournalledEvent(JournalStage journal, ref GateEvent e, long sequence, bool endOfBatch, out Decision reply)
    {
        if (!Journal.JournalEvent.Records(e.Kind))
        {
            Decide(ref e, sequence, out reply);
        }
        else if (journal.TryAppend(e))
        {
            Decide(ref e, sequence, out reply);
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
    }

    private readonly void Decide(ref GateEvent e, long sequence, out Decision reply)
    {
        switch (e.Kind)
        {
            case GateEventKind.Probe:
                e.RiskThreadAllocated = GC.GetAllocatedBytesForCurrentThread();
                reply = default;
                break;
            case GateEventKind.Recalculate:
                reply = default;
                _recalculation?.OnEvent(_engine, sequence, 0, forced: true);
                return;
            case GateEventKind.AdoptSnapshot:
                Apply(_engine, _recalculation, ref e, out reply);
                return;
            default:
                Apply(_engine, _recalculation, ref e, out reply);
                break;
        }

        long orderTime = e.Kind is GateEventKind.Order or GateEventKind.Replace ? e.Order.TimestampNanos : 0;
        _recalculation?.OnEvent(_engine, sequence, orderTime, forced: false);
    }

    private static void Adopt(RiskEngine engine, BackgroundRecalculation? recalculation, RiskSnapshot snapshot)
    {
        if (snapshot.VolArray is { } vols && snapshot.HaircutArray is { } haircuts)
        {
            // Automated parameters first: Σ and haircuts change, every account is rebuilt exactly.
            engine.ApplyRiskParameters(vols, haircuts);
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
