namespace HybridMargin.Cli.Replay;

/// <summary>What <c>hm replay</c> replays and how.</summary>
/// <param name="Journal">The journal directory.</param>
/// <param name="BookPath">The book the journal's gate ran on; null for the embedded sample book.</param>
/// <param name="ParamsPath">The parameters file of the shadow run; null for no shadow run.</param>
/// <param name="SummaryOnly">Leave out the per-event lines.</param>
internal sealed record ReplaySettings(string Journal, string? BookPath, string? ParamsPath, bool SummaryOnly);
