using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Recalculation;

namespace HybridMargin.Journal;

/// <summary>Applies journalled events to an engine through the risk stage's own code (the live gate, recovery and <c>hm replay</c> share it).</summary>
public static class JournalReplay
{
    /// <summary>Applies one journalled event and returns the decision the gate gave (or would give) it.</summary>
    /// <param name="engine">The engine (built from the journal's book).</param>
    /// <param name="journalEvent">The event.</param>
    /// <returns>The decision: for orders the check's outcome; for other events the code of the operation.</returns>
    public static Decision Apply(RiskEngine engine, in JournalEvent journalEvent) => Apply(engine, null, journalEvent);

    internal static Decision Apply(RiskEngine engine, BackgroundRecalculation? recalculation, in JournalEvent journalEvent)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var e = journalEvent.ToGateEvent();
        RiskStage.Apply(engine, recalculation, ref e, out var reply);
        return reply;
    }

    /// <summary>Builds a fresh engine from <paramref name="book"/> and applies every intact record of the journal in <paramref name="directory"/>.</summary>
    /// <param name="book">The book the journal's gate started from.</param>
    /// <param name="directory">The journal directory.</param>
    /// <param name="options">The engine options the gate used.</param>
    /// <returns>The engine and where the journal ended.</returns>
    public static (RiskEngine Engine, JournalEnd End, long Events) FromScratch(Books.Book book, string directory, RiskEngineOptions? options = null)
    {
        var engine = new RiskEngine(book, options);
        using var reader = new JournalReader(directory);
        long events = 0;
        while (reader.TryRead(out _, out var journalEvent))
        {
            Apply(engine, journalEvent);
            events++;
        }

        return (engine, reader.End, events);
    }
}
