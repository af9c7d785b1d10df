using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Latency;

/// <summary>What <see cref="JournalWorkload.Write"/> produced: the mix, the final state, and an engine kept at the snapshot point.</summary>
internal sealed record JournalMix(string Description, byte[] FinalState, long SnapshotSequence, RiskEngine SnapshotEngine)
{
    public override string ToString() => Description;
}

/// <summary>
/// A seeded journal of the gate's event mix, written the way the gate writes it — each event applied to an engine
/// and appended — but without the pipeline, so millions of events take seconds: orders from the gate section's mix
/// (accepted ones later cancelled or filled), mark ticks on a random walk (optional: a BTC or ETH tick revalues the
/// sample book's 30 options on it over the whole scenario grid, far the costliest event), balance changes.
/// </summary>
internal static class JournalWorkload
{
    public static JournalMix Write(Book book, string directory, long events, bool ticks)
    {
        var templates = GateBench.Preflight();
        var engine = new RiskEngine(book);
        var atSnapshot = new RiskEngine(book);
        long snapshotSequence = events - (events / 10);
        var random = new Random(7);
        var open = new List<(int Account, long Id, double Quantity)>();
        var marks = Enumerable.Range(0, book.Assets.Count).Select(a => book.Assets[a].Price).ToArray();
        long id = 0;
        var counts = new long[12];
        using var writer = new JournalWriter(new JournalWriterOptions { Directory = directory });
        for (long n = 0; n < events; n++)
        {
            int roll = random.Next(100);
            JournalEvent e;
            if (roll < 55 || open.Count == 0)
            {
                long k = ++id;
                e = JournalEvent.ForOrder(templates[(int)(k % templates.Count)].Make(k));
            }
            else if (roll < 75)
            {
                int i = random.Next(open.Count);
                e = JournalEvent.ForCancel(open[i].Account, open[i].Id);
                open[i] = open[^1];
                open.RemoveAt(open.Count - 1);
            }
            else if (roll < 85)
            {
                int i = random.Next(open.Count);
                var (account, orderId, quantity) = open[i];
                e = JournalEvent.ForFill(account, orderId, quantity, 100);
                open[i] = open[^1];
                open.RemoveAt(open.Count - 1);
            }
            else if (roll < 97 && ticks)
            {
                int asset = random.Next(book.Assets.Count);
                marks[asset] *= 1 + ((random.NextDouble() - 0.5) * 0.001);
                e = JournalEvent.ForMark(asset, marks[asset], 1_700_000_000_000_000_000 + n);
            }
            else
            {
                e = JournalEvent.ForBalance(random.Next(book.Accounts.Count), 0, 10);
            }

            writer.Append(e);
            var decision = JournalReplay.Apply(engine, e);
            if (n < snapshotSequence)
            {
                JournalReplay.Apply(atSnapshot, e);
            }

            counts[(int)e.Kind]++;
            if (e.Kind == JournalEventKind.Order && decision.Accepted)
            {
                open.Add((e.Order.Account, e.Order.ClientOrderId, e.Order.Quantity));
            }
        }

        string description = string.Join(", ", Enum.GetValues<JournalEventKind>().Where(k => counts[(int)k] > 0).Select(k => $"{k} {100.0 * counts[(int)k] / events:F0} %"));
        return new JournalMix(description, engine.CaptureState(), snapshotSequence, atSnapshot);
    }
}
