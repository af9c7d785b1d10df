namespace HybridMargin.Tests.Journal.Crash;

/// <summary>
/// The crash tests run alone: each iteration is a child process running the whole gate flat out on a 2-core machine,
/// and the kill moments are meant to fall in the flow's own timeline, not in pauses caused by other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashRecoveryCollection
{
    public const string Name = "Crash recovery";
}
