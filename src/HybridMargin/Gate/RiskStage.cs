using HybridMargin.Engine;
using HybridMargin.Recalculation;
using HybridMargin.Ring;

namespace HybridMargin.Gate;

/// <summary>The risk stage: the only writer of account state. Applies each inbound event to the engine and writes the reply into the slot.</summary>
internal struct RiskStage : IEventHandler<GateEvent>
{
    private readonly RiskEngine _engine;
    private readonly BackgroundRecalculation? _recalculation;

    public RiskStage(RiskEngine engine, BackgroundRecalculation? recalculation)
    {
        _engine = engine;
        _recalculation = recalculation;
    }

    public readonly void OnEvent(ref GateEvent e, long sequence, bool endOfBatch)
    {
        switch (e.Kind)
        {
            case GateEventKind.Order:
                e.Reply = _engine.Evaluate(e.Order);
                break;
            case GateEventKind.Replace:
                e.Reply = _engine.Replace(e.ClientOrderId, e.Order);
                break;
            case GateEventKind.Cancel:
                e.Reply = new Decision { Code = _engine.Cancel(e.Account, e.ClientOrderId), ClientOrderId = e.ClientOrderId };
                break;
            case GateEventKind.Fill:
                e.Reply = new Decision { Code = _engine.Fill(e.Account, e.ClientOrderId, e.Amount, e.Price), ClientOrderId = e.ClientOrderId };
                break;
            case GateEventKind.Mark:
                e.Reply = new Decision { Code = _engine.SetMark(e.Target, e.Amount) };
                if (e.Reply.Code == RejectCode.None)
                {
                    _recalculation?.OnMark(e.Target, e.Amount, e.EventTimeNanos);
                }

                break;
            case GateEventKind.ImpliedVol:
                e.Reply = new Decision { Code = _engine.SetImpliedVol(e.Target, e.Amount) };
                break;
            case GateEventKind.Balance:
                e.Reply = new Decision { Code = _engine.ChangeBalance(e.Account, e.Target, e.Amount) };
                break;
            case GateEventKind.KillSwitch:
                e.Reply = new Decision { Code = _engine.SetKillSwitch(e.Account, e.Flag) };
                break;
            case GateEventKind.Probe:
                e.RiskThreadAllocated = GC.GetAllocatedBytesForCurrentThread();
                e.Reply = default;
                break;
            case GateEventKind.Recalculate:
                e.Reply = default;
                _recalculation?.OnEvent(_engine, sequence, 0, forced: true);
                return;
            case GateEventKind.AdoptSnapshot:
                Adopt((RiskSnapshot)e.Payload!);
                e.Payload = null;
                e.Reply = default;
                return;
            default:
                e.Reply = new Decision { Code = RejectCode.InvalidInput };
                break;
        }

        long orderTime = e.Kind is GateEventKind.Order or GateEventKind.Replace ? e.Order.TimestampNanos : 0;
        _recalculation?.OnEvent(_engine, sequence, orderTime, forced: false);
    }

    private readonly void Adopt(RiskSnapshot snapshot)
    {
        if (snapshot.Vols is { } vols && snapshot.Haircuts is { } haircuts)
        {
            // Automated parameters first: Σ and haircuts change, every account is rebuilt exactly.
            _engine.ApplyRiskParameters(vols.ToArray(), haircuts.ToArray());
        }
        else
        {
            // Drop the incremental rounding: every account recomputed from its holdings now — the snapshot's fresh
            // state at its sequence with everything after it re-applied, without replaying those events.
            _engine.RebuildAll();
        }

        for (int a = 0; a < snapshot.ModelAddOns.Count; a++)
        {
            _engine.SetModelAddOn(a, snapshot.ModelAddOns[a]);
        }

        _engine.AdoptSnapshot(snapshot.TimestampNanos);
        _recalculation?.OnAdopted();
    }
}
