using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Replay;

/// <summary>Counts of a replay: events by kind, order and replace decisions by code, other events' results by code.</summary>
internal sealed class ReplayTally
{
    private readonly long[] _kinds = new long[256];
    private readonly long[] _decisions = new long[256];
    private readonly long[] _results = new long[256];

    /// <summary>Events counted.</summary>
    public long Events { get; private set; }

    /// <summary>Counts one event and what applying it gave.</summary>
    public void Add(JournalEventKind kind, RejectCode code)
    {
        Events++;
        _kinds[(byte)kind]++;
        if (kind is JournalEventKind.Order or JournalEventKind.Replace)
        {
            _decisions[(byte)code]++;
        }
        else
        {
            _results[(byte)code]++;
        }
    }

    /// <summary>
    /// Writes <c>summary events=N Order=… Cancel=…</c>, <c>summary decisions=N Accepted=… InsufficientMargin=…</c>
    /// (orders and replaces) and <c>summary results=N Ok=… UnknownOrder=…</c> (other events); zero counts are left out.
    /// </summary>
    public void Write(Utf8Lines output)
    {
        output.Append("summary events="u8).Append(Events);
        Counts(output, _kinds, Utf8Names.Kinds);
        output.EndLine();
        output.Append("summary decisions="u8).Append(_decisions.Sum());
        Counts(output, _decisions, Utf8Names.Decisions);
        output.EndLine();
        output.Append("summary results="u8).Append(_results.Sum());
        Counts(output, _results, Utf8Names.Results);
        output.EndLine();
    }

    private static void Counts(Utf8Lines output, long[] counts, byte[][] names)
    {
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                output.Append(" "u8).Append(names[i]).Append("="u8).Append(counts[i]);
            }
        }
    }
}
