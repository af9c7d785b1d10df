using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Journal;
using HybridMargin.Recalculation;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// One replay: reads the journal from its first record, applies every event to a fresh engine on the book through
/// the risk stage's own code (<see cref="JournalReplay.Apply"/>) — and to the shadow engine, if any — and writes the
/// decision log, the summary, the shadow's comparison and where the journal ended. Everything written is a function
/// of the journal, the book and the parameters file: two replays give the same bytes.
/// </summary>
internal static class ReplayRun
{
    /// <summary>Replays <paramref name="directory"/> and returns where the journal ended.</summary>
    /// <exception cref="ReplayInputException">The journal does not start at sequence 1 or does not fit the book.</exception>
    public static JournalEnd Execute(string directory, Book book, string bookName, ShadowRun? shadow, bool summaryOnly, Utf8Lines output)
    {
        var engine = new RiskEngine(book);
        var log = new DecisionLog(output, book);
        var tally = new ReplayTally();
        output.Append("replay book="u8).Append(bookName)
            .Append(" accounts="u8).Append(book.Accounts.Count)
            .Append(" instruments="u8).Append(book.Instruments.Count)
            .Append(" assets="u8).Append(book.Assets.Count).EndLine();
        JournalEnd end;
        using (var reader = new JournalReader(directory))
        {
            while (reader.TryRead(out long sequence, out var e))
            {
                if (tally.Events == 0 && sequence != 1)
                {
                    // The book is the state before sequence 1: without the events before this one, every figure would be wrong.
                    throw new ReplayInputException($"{directory}: the journal starts at seq={sequence}; a replay from the book needs every event from seq=1 (are earlier journal files missing?)");
                }

                BookFit.Check(book, sequence, e);
                var parameters = e.Kind == JournalEventKind.AdoptSnapshot ? ParametersOf(engine, e.Snapshot!) : SnapshotParameters.None;
                var decision = JournalReplay.Apply(engine, e);
                tally.Add(e.Kind, decision.Code);
                shadow?.Apply(sequence, e, decision);
                if (!summaryOnly)
                {
                    log.Write(sequence, e, decision, parameters);
                }
            }

            end = reader.End;
        }

        tally.Write(output);
        shadow?.Write(output, log);
        output.Append("end reason="u8).Append(end.Reason.ToString())
            .Append(" clean="u8).Append(end.IsClean)
            .Append(" lastSeq="u8).Append(end.LastGoodSequence)
            .Append(" file="u8).Append(end.File is null ? "-" : Path.GetFileName(end.File))
            .Append(" offset="u8).Append(end.Offset).EndLine();
        output.Flush();
        return end;
    }

    /// <summary>Whether adopting <paramref name="snapshot"/> changes the engine's vols or haircuts (read before it is applied).</summary>
    private static SnapshotParameters ParametersOf(RiskEngine engine, RiskSnapshot snapshot)
    {
        // The risk stage applies automated parameters only when a snapshot carries both.
        if (snapshot.Vols is not { } vols || snapshot.Haircuts is not { } haircuts)
        {
            return SnapshotParameters.None;
        }

        for (int a = 0; a < vols.Count; a++)
        {
            if (vols[a] != engine.Vol(a) || haircuts[a] != engine.Haircut(a))
            {
                return SnapshotParameters.Changed;
            }
        }

        return SnapshotParameters.Unchanged;
    }
}
