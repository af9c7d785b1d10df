using HybridMargin.Books;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// Checks that a journalled event fits the replay book. The journal does not record which book its gate ran on; an
/// account, instrument or asset index beyond the book, or a snapshot of another shape, means the replay is about to
/// tell a different history than the gate's (usually a forgotten <c>--book</c>), so the replay stops there.
/// </summary>
internal static class BookFit
{
    /// <summary>Throws when <paramref name="e"/> names something <paramref name="book"/> does not have.</summary>
    /// <exception cref="ReplayInputException">The event does not fit the book.</exception>
    public static void Check(Book book, long sequence, in JournalEvent e)
    {
        switch (e.Kind)
        {
            case JournalEventKind.Order or JournalEventKind.Replace:
                Index(sequence, e.Kind, "account", e.Order.Account, book.Accounts.Count);
                Index(sequence, e.Kind, "instrument", e.Order.Instrument, book.Instruments.Count);
                break;
            case JournalEventKind.Cancel or JournalEventKind.Fill or JournalEventKind.KillSwitch:
                Index(sequence, e.Kind, "account", e.Account, book.Accounts.Count);
                break;
            case JournalEventKind.Balance:
                Index(sequence, e.Kind, "account", e.Account, book.Accounts.Count);
                Index(sequence, e.Kind, "asset", e.Target, book.Assets.Count);
                break;
            case JournalEventKind.Mark:
                Index(sequence, e.Kind, "asset", e.Target, book.Assets.Count);
                break;
            case JournalEventKind.ImpliedVol:
                Index(sequence, e.Kind, "instrument", e.Target, book.Instruments.Count);
                break;
            case JournalEventKind.AdoptSnapshot:
                var snapshot = e.Snapshot!;
                Count(sequence, "model add-ons", snapshot.ModelAddOns.Count, "accounts", book.Accounts.Count);
                if (snapshot.Vols is { } vols)
                {
                    Count(sequence, "vols", vols.Count, "assets", book.Assets.Count);
                }

                if (snapshot.Haircuts is { } haircuts)
                {
                    Count(sequence, "haircuts", haircuts.Count, "assets", book.Assets.Count);
                }

                break;
        }
    }

    private static void Index(long sequence, JournalEventKind kind, string what, int index, int count)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ReplayInputException(
                $"seq={sequence} ({kind}) names {what} index {index}, but the book has {count} {what}s: was the journal written by a gate on another book (--book)?");
        }
    }

    private static void Count(long sequence, string what, int actual, string per, int count)
    {
        if (actual != count)
        {
            throw new ReplayInputException(
                $"seq={sequence} (AdoptSnapshot) carries {actual} {what}, but the book has {count} {per}: was the journal written by a gate on another book (--book)?");
        }
    }
}
