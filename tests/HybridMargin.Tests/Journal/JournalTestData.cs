using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Tests.Journal;

/// <summary>Seeded events of every kind, and reading a journal to its end.</summary>
public static class JournalTestData
{
    public static JournalEvent[] EveryKind() =>
    [
        JournalEvent.ForOrder(new Order(3, 17, Side.Buy, OrderType.Limit, 1.25, 64_250.5, 1001, 1_700_000_000_000_000_001)),
        JournalEvent.ForOrder(new Order(0, 0, Side.Sell, OrderType.Market, 1e-8, 0, long.MaxValue, 0)),
        JournalEvent.ForCancel(3, 1001),
        JournalEvent.ForReplace(1001, new Order(3, 17, Side.Buy, OrderType.Limit, 2.5, 64_100.25, 1002, 1_700_000_000_000_000_002)),
        JournalEvent.ForFill(3, 1002, 0.75, 64_100.25),
        JournalEvent.ForMark(1, 3_412.125, 1_700_000_000_000_000_003),
        JournalEvent.ForImpliedVol(42, 0.615, 1_700_000_000_000_000_004),
        JournalEvent.ForBalance(int.MaxValue, 2, -1_000_000.5),
        JournalEvent.ForKillSwitch(5, false),
        JournalEvent.ForKillSwitch(5, true),
    ];

    public static JournalEvent[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var events = new JournalEvent[count];
        for (int i = 0; i < count; i++)
        {
            var order = new Order(
                random.Next(0, 100),
                random.Next(0, 500),
                random.Next(2) == 0 ? Side.Buy : Side.Sell,
                random.Next(2) == 0 ? OrderType.Limit : OrderType.Market,
                Math.Round(random.NextDouble() * 100, 6),
                Math.Round(random.NextDouble() * 100_000, 2),
                random.NextInt64(1, long.MaxValue),
                random.NextInt64(0, long.MaxValue));
            events[i] = (i % 8) switch
            {
                0 => JournalEvent.ForOrder(order),
                1 => JournalEvent.ForCancel(order.Account, order.ClientOrderId),
                2 => JournalEvent.ForReplace(random.NextInt64(), order),
                3 => JournalEvent.ForFill(order.Account, order.ClientOrderId, order.Quantity, order.LimitPrice),
                4 => JournalEvent.ForMark(order.Instrument, order.LimitPrice, order.TimestampNanos),
                5 => JournalEvent.ForImpliedVol(order.Instrument, random.NextDouble(), order.TimestampNanos),
                6 => JournalEvent.ForBalance(order.Account, order.Instrument, order.LimitPrice - 50_000),
                _ => JournalEvent.ForKillSwitch(order.Account, random.Next(2) == 0),
            };
        }

        return events;
    }

    /// <summary>
    /// Writes <paramref name="events"/> from sequence <paramref name="firstSequence"/> and closes the writer. The writer
    /// allocates every file at full size; unless <paramref name="keepZeroTails"/>, each file is then cut at the end of its
    /// data, so tests can cut and flip bytes relative to the file's length.
    /// </summary>
    public static void Write(string directory, IEnumerable<JournalEvent> events, long maxFileBytes = 64L << 20, bool keepZeroTails = false, long firstSequence = 1)
    {
        var ends = new Dictionary<string, long>();
        using (var writer = new JournalWriter(new JournalWriterOptions
        {
            Directory = directory,
            MaxFileBytes = maxFileBytes,
            FirstSequence = firstSequence,
        }))
        {
            foreach (JournalEvent e in events)
            {
                string file = writer.CurrentFile;
                long offset = writer.CurrentFileOffset;
                writer.Append(e);
                if (writer.CurrentFile != file)
                {
                    ends[file] = offset;
                }
            }

            writer.Flush(JournalDurability.PowerLoss);
            ends[writer.CurrentFile] = writer.CurrentFileOffset;
        }

        if (!keepZeroTails)
        {
            foreach (var (file, end) in ends)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
                stream.SetLength(end);
            }
        }
    }

    public static (List<(long Sequence, JournalEvent Event)> Records, JournalEnd End) ReadAll(string directory)
    {
        using var reader = new JournalReader(directory, bufferBytes: 4096);
        var records = new List<(long, JournalEvent)>();
        while (reader.TryRead(out long sequence, out JournalEvent e))
        {
            records.Add((sequence, e));
        }

        return (records, reader.End);
    }

    /// <summary>Start offsets of the records of a single file holding <paramref name="events"/>, plus the end of the data.</summary>
    public static long[] RecordStarts(IReadOnlyList<JournalEvent> events)
    {
        var starts = new long[events.Count + 1];
        starts[0] = JournalFile.HeaderSize;
        for (int i = 0; i < events.Count; i++)
        {
            starts[i + 1] = starts[i] + JournalRecord.RecordSize(events[i].Kind);
        }

        return starts;
    }
}
