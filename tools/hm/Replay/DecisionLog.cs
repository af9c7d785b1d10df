using System.Text;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// Writes the audit trail: one line per journalled event, <c>key=value</c> fields separated by spaces, accounts,
/// instruments and assets by their book names. Orders and replaces end with <c>decision=CODE</c> (Accepted or the
/// reject code) and, when the decision carries figures, <c>figures="…"</c> — the text the client received after
/// <c>CODE: </c>; other events end with <c>result=CODE</c> (Ok or the operation's code).
/// </summary>
internal sealed class DecisionLog
{
    /// <summary>Room for one decision's text (a code and up to three figures); a longer one, with an outlandish symbol, falls back to <see cref="Decision.Text"/>.</summary>
    private const int DecisionTextBytes = 512;

    private readonly Utf8Lines _output;
    private readonly byte[][] _accounts;
    private readonly byte[][] _instruments;
    private readonly byte[][] _assets;

    public DecisionLog(Utf8Lines output, Book book)
    {
        _output = output;
        _accounts = Utf8Names.Of(book.Accounts.Select(a => a.Id));
        _instruments = Utf8Names.Of(book.Instruments.Select(i => i.Symbol));
        _assets = Utf8Names.Of(book.Assets.Select(a => a.Symbol));
    }

    /// <summary>
    /// Writes the line of one event (its indices already checked against the book by <see cref="BookFit"/>).
    /// </summary>
    /// <param name="sequence">The event's journal sequence.</param>
    /// <param name="e">The event.</param>
    /// <param name="decision">What applying it gave.</param>
    /// <param name="riskParameters">AdoptSnapshot: whether its automated vols and haircuts changed the engine's.</param>
    public void Write(long sequence, in JournalEvent e, in Decision decision, SnapshotParameters riskParameters)
    {
        var o = _output;
        o.Append("seq="u8).Append(sequence).Append(" time="u8);
        long time = e.Kind switch
        {
            JournalEventKind.Order or JournalEventKind.Replace => e.Order.TimestampNanos,
            JournalEventKind.AdoptSnapshot => e.Snapshot!.TimestampNanos,
            _ => e.EventTimeNanos,
        };
        if (time == 0)
        {
            o.Append("-"u8);
        }
        else
        {
            o.AppendTime(time);
        }

        o.Append(" kind="u8).Append(Utf8Names.Kinds[(byte)e.Kind]);
        switch (e.Kind)
        {
            case JournalEventKind.Order:
                OrderFields(e.Order, replaces: null);
                AppendDecision(decision, " decision="u8, " figures=\""u8);
                break;
            case JournalEventKind.Replace:
                OrderFields(e.Order, e.ClientOrderId);
                AppendDecision(decision, " decision="u8, " figures=\""u8);
                break;
            case JournalEventKind.Cancel:
                o.Append(" account="u8).Append(_accounts[e.Account]).Append(" order="u8).Append(e.ClientOrderId);
                AppendResult(decision);
                break;
            case JournalEventKind.Fill:
                o.Append(" account="u8).Append(_accounts[e.Account]).Append(" order="u8).Append(e.ClientOrderId)
                    .Append(" qty="u8).Append(e.Amount).Append(" price="u8).Append(e.Price);
                AppendResult(decision);
                break;
            case JournalEventKind.Mark:
                o.Append(" asset="u8).Append(_assets[e.Target]).Append(" price="u8).Append(e.Amount);
                AppendResult(decision);
                break;
            case JournalEventKind.ImpliedVol:
                o.Append(" instrument="u8).Append(_instruments[e.Target]).Append(" vol="u8).Append(e.Amount);
                AppendResult(decision);
                break;
            case JournalEventKind.Balance:
                o.Append(" account="u8).Append(_accounts[e.Account]).Append(" asset="u8).Append(_assets[e.Target])
                    .Append(" change="u8).Append(e.Amount);
                AppendResult(decision);
                break;
            case JournalEventKind.KillSwitch:
                o.Append(" account="u8).Append(_accounts[e.Account]).Append(" disabled="u8).Append(e.Flag);
                AppendResult(decision);
                break;
            default:
                Snapshot(e.Snapshot!, riskParameters);
                AppendResult(decision);
                break;
        }

        o.EndLine();
    }

    /// <summary>
    /// Writes a decision the shadow run changed: <c>changed seq=… kind=… account=… order=… original=CODE
    /// originalFigures="…" shadow=CODE shadowFigures="…"</c>.
    /// </summary>
    public void WriteChange(in ChangedDecision change)
    {
        _output.Append("changed seq="u8).Append(change.Sequence)
            .Append(" kind="u8).Append(Utf8Names.Kinds[(byte)change.Kind])
            .Append(" account="u8).Append(_accounts[change.Account])
            .Append(" order="u8).Append(change.ClientOrderId);
        AppendDecision(change.Original, " original="u8, " originalFigures=\""u8);
        AppendDecision(change.Shadow, " shadow="u8, " shadowFigures=\""u8);
        _output.EndLine();
    }

    /// <summary>Appends <c>{key}CODE</c> and, when the decision's text has figures, <c>{figuresKey}…"</c>.</summary>
    private void AppendDecision(in Decision decision, ReadOnlySpan<byte> key, ReadOnlySpan<byte> figuresKey)
    {
        _output.Append(key).Append(Utf8Names.Decisions[(byte)decision.Code]);
        Span<byte> text = stackalloc byte[DecisionTextBytes];
        ReadOnlySpan<byte> figures = decision.TryFormatUtf8(text, out int written)
            ? Figures(text[..written])
            : Figures(Encoding.UTF8.GetBytes(decision.Text));
        if (!figures.IsEmpty)
        {
            _output.Append(figuresKey).Append(figures).Append("\""u8);
        }
    }

    private static ReadOnlySpan<byte> Figures(ReadOnlySpan<byte> text)
    {
        int colon = text.IndexOf(": "u8);
        return colon < 0 ? default : text[(colon + 2)..];
    }

    private void OrderFields(in Order order, long? replaces)
    {
        var o = _output;
        o.Append(" account="u8).Append(_accounts[order.Account]).Append(" order="u8).Append(order.ClientOrderId);
        if (replaces is { } original)
        {
            o.Append(" replaces="u8).Append(original);
        }

        o.Append(" instrument="u8).Append(_instruments[order.Instrument])
            .Append(" side="u8).Append(Utf8Names.Sides[(byte)order.Side])
            .Append(" type="u8).Append(Utf8Names.OrderTypes[(byte)order.Type])
            .Append(" qty="u8).Append(order.Quantity)
            .Append(" price="u8).Append(order.LimitPrice);
    }

    private void Snapshot(Recalculation.RiskSnapshot snapshot, SnapshotParameters riskParameters)
    {
        double addOns = 0;
        for (int a = 0; a < snapshot.ModelAddOns.Count; a++)
        {
            addOns += snapshot.ModelAddOns[a];
        }

        _output.Append(" snapshot="u8).Append(snapshot.Id).Append(" tagged="u8).Append(snapshot.Sequence)
            .Append(" addOnTotal="u8).Append(addOns)
            .Append(" riskParameters="u8).Append(riskParameters switch
            {
                SnapshotParameters.Changed => "changed"u8,
                SnapshotParameters.Unchanged => "unchanged"u8,
                _ => "none"u8,
            });
    }

    private void AppendResult(in Decision decision) =>
        _output.Append(" result="u8).Append(Utf8Names.Results[(byte)decision.Code]);
}
