namespace HybridMargin.Fix.Configuration;

/// <summary>Bounds on what one client can make the acceptor do; every default is safe for an exposed port.</summary>
public sealed record FixLimits
{
    /// <summary>Largest message accepted, bytes (a larger declared BodyLength logs the session out at once).</summary>
    public int MaxMessageBytes { get; init; } = 8192;

    /// <summary>Most fields one message may carry.</summary>
    public int MaxFields { get; init; } = 256;

    /// <summary>Most simultaneous connections, logged on or not; further ones are closed at once.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Application messages per second per session; more are answered with BusinessMessageReject (throttled).</summary>
    public int MaxMessagesPerSecond { get; init; } = 5000;

    /// <summary>A connection must log on within this many seconds or it is closed.</summary>
    public int LogonTimeoutSeconds { get; init; } = 10;

    /// <summary>Unsent bytes a slow client may accumulate before its connection is dropped.</summary>
    public int MaxOutboundBacklogBytes { get; init; } = 16 << 20;

    /// <summary>Longest ClOrdID (11/41) accepted, bytes.</summary>
    public int MaxClOrdIdLength { get; init; } = 64;

    /// <summary>Most orders a session may have live at once (open or pending).</summary>
    public int MaxLiveOrdersPerSession { get; init; } = 65536;
}
