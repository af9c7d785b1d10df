using System.Text.RegularExpressions;

namespace HybridMargin.Tests.Journal.Crash;

/// <summary>What the crash iterations ran into, for the test's report: where kills landed and what recovery did.</summary>
internal sealed partial class CrashTally
{
    public int Kills { get; set; }

    public int Recoveries { get; private set; }

    public int TornTails { get; private set; }

    public int FromSnapshot { get; private set; }

    public long EventsReplayed { get; private set; }

    public int SnapshotWritesCut { get; set; }

    public int JournalFiles { get; set; }

    public int SnapshotsChecked { get; set; }

    public int DecisionsChecked { get; set; }

    public int Refusals { get; set; }

    public int PartialLines { get; set; }

    /// <summary>Counts one RecoveryReport line (from hm recover, or from a restarted demo's stderr).</summary>
    public void Recovered(string output)
    {
        var match = ReportLine().Match(output);
        if (!match.Success)
        {
            throw new InvalidDataException($"no recovery report in: {output}");
        }

        Recoveries++;
        EventsReplayed += long.Parse(match.Groups["events"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (match.Groups["from"].Value != "the book")
        {
            FromSnapshot++;
        }

        if (match.Groups["tail"].Value != "clean end")
        {
            TornTails++;
        }
    }

    public override string ToString() =>
        $"{Kills} SIGKILLs ({SnapshotWritesCut} during a snapshot write, {JournalFiles} journal files written); "
        + $"{Recoveries} recoveries: {FromSnapshot} from a snapshot, {Recoveries - FromSnapshot} from the book, "
        + $"{TornTails} found a torn tail, {EventsReplayed:N0} journal events replayed; {SnapshotsChecked} snapshot files equal to a replay to their sequence; "
        + $"{DecisionsChecked:N0} client decisions found in the journal with the same code on replay, "
        + $"{Refusals:N0} refusals before the ring (Saturated, GateStopped) skipped, {PartialLines} decision-log lines cut by the kill";

    [GeneratedRegex(@"recovered from (?<from>.+?) \+ (?<events>\d+) journalled events to sequence \d+ in \d+ ms; (?<tail>[^\r\n]*)")]
    private static partial Regex ReportLine();
}
