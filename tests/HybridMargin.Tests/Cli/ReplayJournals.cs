using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;
using HybridMargin.Recalculation;

namespace HybridMargin.Tests.Cli;

/// <summary>
/// Journals written once for the replay tests by real gates on the sample book: <see cref="Plain"/> without a
/// background recalculation (so a test can feed the same steps to an engine of its own), <see cref="WithSnapshots"/>
/// with automated parameters and adopted snapshots among the events. Small journal files, so each spans several.
/// </summary>
public sealed class ReplayJournals : IDisposable
{
    /// <summary>Journal files of 64 KiB: a few thousand events fill several.</summary>
    private const long FileBytes = 64 << 10;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "hm-replay-" + Guid.NewGuid().ToString("N"));

    public ReplayJournals()
    {
        Plain = Write("plain", seed: 7, events: 4000, recalculation: null, recalculateEvery: 0);
        WithSnapshots = Write(
            "snapshots",
            seed: 11,
            events: 2500,
            new RecalculationOptions { EveryEvents = 1_000_000, Scenarios = 200, AutomatedParameters = true },
            recalculateEvery: 600);
    }

    internal (string Directory, List<(JournalEvent Event, Decision Received)> Steps) Plain { get; }

    internal (string Directory, List<(JournalEvent Event, Decision Received)> Steps) WithSnapshots { get; }

    /// <summary>A new empty directory under this fixture's root (removed with it).</summary>
    public string NewDirectory(string name)
    {
        string path = Path.Combine(_root, name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory does not fail a test.
        }
    }

    private (string, List<(JournalEvent, Decision)>) Write(string name, int seed, int events, RecalculationOptions? recalculation, int recalculateEvery)
    {
        string directory = Path.Combine(_root, name);
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions
        {
            Journal = new JournalOptions { Directory = directory, SnapshotEveryEvents = 0, MaxFileBytes = FileBytes },
            WaitStrategy = WaitStrategyKind.Blocking,
            Recalculation = recalculation,
        });
        gate.Start();
        var flow = new ReplayFlow(gate, seed);
        flow.Run(events, recalculateEvery);
        Assert.True(gate.Stop(), "the gate did not drain");
        Assert.Null(gate.JournalFault);
        return (directory, flow.Steps);
    }
}
