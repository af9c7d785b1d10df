using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// The what-if of <c>hm replay --params</c>: a second engine, on the book with the overridden parameters, fed the
/// same events in lockstep with the replay, and the decisions whose code differs between the two. A decision counts
/// as changed when its code differs; figures alone (a different requirement with the same outcome) do not.
/// </summary>
/// <remarks>
/// The journal holds what the gate's clients and venue did after the gate's own decisions, and the shadow can only
/// replay that: fills and cancels of an order the shadow rejected find no order there (their results change, and
/// are counted), and an order only the shadow accepted never gets a fill or a cancel. So that such an order does
/// not reserve margin, count against open-order limits or collide with a later client order id for the rest of the
/// run, the shadow cancels it at once ("released"): the shadow holds only orders the gate held. A replace only the
/// shadow accepted keeps its replacement open in place of the original. Adopted snapshots apply their recorded
/// add-ons, vols and haircuts in the shadow too: the Monte Carlo add-ons are not recomputed under the new parameters.
/// </remarks>
internal sealed class ShadowRun
{
    private readonly RiskEngine _engine;
    private readonly Dictionary<(RejectCode Original, RejectCode Shadow), long> _decisionChanges = [];
    private readonly Dictionary<(JournalEventKind Kind, RejectCode Original, RejectCode Shadow), long> _resultChanges = [];
    private readonly List<ChangedDecision> _changes = [];
    private long _compared;
    private long _released;

    public ShadowRun(Book book, IReadOnlyList<string> differences)
    {
        _engine = new RiskEngine(book);
        Differences = differences;
    }

    /// <summary>What the shadow's book changes, one line each (<see cref="BookDifferences"/>).</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>The orders and replaces whose decision code changed, in journal order.</summary>
    public IReadOnlyList<ChangedDecision> Changes => _changes;

    /// <summary>Applies the event to the shadow engine and compares its outcome with the replay's.</summary>
    public void Apply(long sequence, in JournalEvent e, in Decision original)
    {
        var shadow = JournalReplay.Apply(_engine, e);
        if (e.Kind is JournalEventKind.Order or JournalEventKind.Replace)
        {
            _compared++;
            if (shadow.Code != original.Code)
            {
                Increment(_decisionChanges, (original.Code, shadow.Code));
                _changes.Add(new ChangedDecision(sequence, e.Kind, e.Order.Account, e.Order.ClientOrderId, original, shadow));
            }

            if (e.Kind == JournalEventKind.Order && shadow.Accepted && !original.Accepted)
            {
                _engine.Cancel(e.Order.Account, e.Order.ClientOrderId);
                _released++;
            }
        }
        else if (shadow.Code != original.Code)
        {
            Increment(_resultChanges, (e.Kind, original.Code, shadow.Code));
        }
    }

    /// <summary>
    /// Writes the comparison: <c>shadow book …</c> (one line per changed parameter or limit), <c>shadow decisions=N
    /// changed=M</c>, one <c>shadow change ORIGINAL->SHADOW count=K</c> line per pair of codes, <c>shadow results
    /// changed=K</c> with its pairs by event kind, <c>shadow released=R</c>, then every changed decision
    /// (<see cref="DecisionLog.WriteChange"/>).
    /// </summary>
    public void Write(Utf8Lines output, DecisionLog log)
    {
        foreach (string difference in Differences)
        {
            output.Append("shadow book "u8).Append(difference).EndLine();
        }

        if (Differences.Count == 0)
        {
            output.Append("shadow book unchanged"u8).EndLine();
        }

        output.Append("shadow decisions="u8).Append(_compared).Append(" changed="u8).Append(_changes.Count).EndLine();
        foreach (var ((from, to), count) in _decisionChanges.OrderBy(p => p.Key.Original).ThenBy(p => p.Key.Shadow))
        {
            output.Append("shadow change "u8).Append(Utf8Names.Decisions[(byte)from]).Append("->"u8).Append(Utf8Names.Decisions[(byte)to])
                .Append(" count="u8).Append(count).EndLine();
        }

        output.Append("shadow results changed="u8).Append(_resultChanges.Values.Sum());
        foreach (var ((kind, from, to), count) in _resultChanges.OrderBy(p => p.Key.Kind).ThenBy(p => p.Key.Original).ThenBy(p => p.Key.Shadow))
        {
            output.Append(" "u8).Append(Utf8Names.Kinds[(byte)kind]).Append(":"u8).Append(Utf8Names.Results[(byte)from]).Append("->"u8)
                .Append(Utf8Names.Results[(byte)to]).Append("="u8).Append(count);
        }

        output.EndLine();
        output.Append("shadow released="u8).Append(_released).EndLine();
        foreach (var change in _changes)
        {
            log.WriteChange(change);
        }
    }

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
