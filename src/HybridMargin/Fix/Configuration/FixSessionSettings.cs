namespace HybridMargin.Fix.Configuration;

/// <summary>One FIX session the acceptor knows: who may log on, what they may trade, how the session behaves.</summary>
public sealed record FixSessionSettings
{
    /// <summary>Our CompID: the client's TargetCompID (56), our SenderCompID (49).</summary>
    public required string SenderCompId { get; init; }

    /// <summary>The client's CompID: its SenderCompID (49), our TargetCompID (56).</summary>
    public required string TargetCompId { get; init; }

    /// <summary>When set, Logon must carry it in Password (554).</summary>
    public string? Password { get; init; }

    /// <summary>Smallest HeartBtInt (108) accepted at logon, seconds.</summary>
    public int HeartbeatMinSeconds { get; init; } = 1;

    /// <summary>Largest HeartBtInt (108) accepted at logon, seconds.</summary>
    public int HeartbeatMaxSeconds { get; init; } = 120;

    /// <summary>Accounts (tag 1) this session may trade; <c>*</c> allows every account of the book.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>Cancel the session's open orders when its connection drops (or it logs out).</summary>
    public bool CancelOnDisconnect { get; init; }

    /// <summary>
    /// Send only values of the FIX 4.4 dictionary: price-band rejects carry OrdRejReason 99 instead of 16 and
    /// throttling BusinessRejectReason 0 instead of 8 (16 and 8 are FIX 5.0 values that a validating 4.4 engine refuses).
    /// </summary>
    public bool Fix44Enums { get; init; }

    /// <summary>"SENDER-&gt;TARGET", for logs and store file names.</summary>
    public string Name => $"{SenderCompId}->{TargetCompId}";
}
