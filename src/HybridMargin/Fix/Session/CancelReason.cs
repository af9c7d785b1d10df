namespace HybridMargin.Fix.Session;

/// <summary>Who asked for a cancel: decides what the execution report says.</summary>
internal enum CancelReason : byte
{
    /// <summary>The client's OrderCancelRequest.</summary>
    Client,

    /// <summary>The session's connection dropped (cancel-on-disconnect).</summary>
    Disconnect,

    /// <summary>The venue ended an IOC/FOK remainder.</summary>
    Expired,
}
