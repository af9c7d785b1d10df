using HybridMargin.Gate;

namespace HybridMargin.Cli.Demo;

/// <summary>What <c>hm demo</c> runs: duration, offered rate, producers, pipeline settings, seed, and optionally a journal and a decision log.</summary>
internal sealed record DemoSettings(
    TimeSpan Duration,
    int OrdersPerSecond,
    int Producers,
    WaitStrategyKind WaitStrategy,
    int? RiskCore,
    int? ResponderCore,
    int Seed,
    string? BookPath,
    bool ReplyOnRiskThread,
    DemoJournal? Journal = null,
    string? DecisionLogPath = null);
