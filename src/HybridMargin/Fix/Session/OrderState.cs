namespace HybridMargin.Fix.Session;

/// <summary>Where a session's order stands between the client, the gate and the venue.</summary>
internal enum OrderState : byte
{
    /// <summary>The slot is unused.</summary>
    Free,

    /// <summary>Sent to the gate, no decision yet.</summary>
    PendingNew,

    /// <summary>Accepted and live.</summary>
    Open,

    /// <summary>A cancel is with the gate.</summary>
    PendingCancel,

    /// <summary>A replace is with the gate.</summary>
    PendingReplace,
}
