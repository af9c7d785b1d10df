namespace HybridMargin.Fix.Configuration;

/// <summary>Everything the acceptor is configured with: its sessions, limits and where session state is kept.</summary>
public sealed record FixServerSettings
{
    /// <summary>The sessions that may log on.</summary>
    public required IReadOnlyList<FixSessionSettings> Sessions { get; init; }

    /// <summary>Protocol limits.</summary>
    public FixLimits Limits { get; init; } = new();

    /// <summary>Directory of the per-session stores (sequence numbers, sent messages).</summary>
    public required string StoreDirectory { get; init; }
}
