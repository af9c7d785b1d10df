using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Replay;

/// <summary>An order or replace whose decision code differs between the replay and the shadow run.</summary>
/// <param name="Sequence">The event's journal sequence.</param>
/// <param name="Kind">Order or Replace.</param>
/// <param name="Account">Account index.</param>
/// <param name="ClientOrderId">The order's client id.</param>
/// <param name="Original">The decision of the replay (the gate's own).</param>
/// <param name="Shadow">The decision under the overridden parameters.</param>
internal readonly record struct ChangedDecision(long Sequence, JournalEventKind Kind, int Account, long ClientOrderId, Decision Original, Decision Shadow);
