namespace HybridMargin.Tests.Fix.Interop;

/// <summary>
/// The QuickFIX interop tests run alone (after the parallel collections). They use no fixed resources (port 0,
/// temporary directories), but they are timed protocol runs (2 s heartbeats, logout answered within QuickFIX's
/// 2 s): on a 2-core machine other tests' spinning gate threads and blocking collections stalled the in-process
/// acceptor for seconds, so that QuickFIX timed out waiting for our Logout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuickFixInteropCollection
{
    public const string Name = "QuickFIX interop";
}
