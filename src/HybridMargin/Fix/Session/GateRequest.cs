using HybridMargin.Engine;

namespace HybridMargin.Fix.Session;

/// <summary>What an inbound message asks of the gate, prepared under the session lock and published after it is released.</summary>
internal struct GateRequest
{
    public GateRequestKind Kind;
    public Order Order;
    public long OriginalId;
}

/// <summary>Kinds of <see cref="GateRequest"/>.</summary>
internal enum GateRequestKind : byte
{
    None,
    Submit,
    Cancel,
    Replace,
}
