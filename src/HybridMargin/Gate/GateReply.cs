using HybridMargin.Engine;

namespace HybridMargin.Gate;

/// <summary>The answer to one inbound event, as a sink receives it.</summary>
/// <param name="Kind">The event kind answered.</param>
/// <param name="Account">Account of the event (the order's account for orders).</param>
/// <param name="Decision">The decision (orders, replaces) or the operation's result code in <see cref="Decision.Code"/>.</param>
/// <param name="SubmittedTimestamp">Stopwatch timestamp taken when the event was submitted.</param>
/// <param name="RiskThreadAllocated">Probe only: bytes allocated so far by the risk thread.</param>
/// <param name="ResponderThreadAllocated">Probe only: bytes allocated so far by the responder thread.</param>
public readonly record struct GateReply(
    GateEventKind Kind,
    int Account,
    Decision Decision,
    long SubmittedTimestamp,
    long RiskThreadAllocated,
    long ResponderThreadAllocated);
