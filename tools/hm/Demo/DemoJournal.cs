namespace HybridMargin.Cli.Demo;

/// <summary><c>hm demo --journal DIR</c>: where the demo's gate journals (and first recovers from), how often it snapshots, how large its journal files are.</summary>
internal sealed record DemoJournal(string Directory, int SnapshotEveryEvents, long FileBytes);
