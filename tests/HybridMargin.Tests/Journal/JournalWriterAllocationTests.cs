using HybridMargin.Journal;
using HybridMargin.Tests.Support;

namespace HybridMargin.Tests.Journal;

public class JournalWriterAllocationTests
{
    [Fact]
    public void Appending_and_flushing_allocate_nothing_after_warm_up()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(256, 11);
        using var writer = new JournalWriter(new JournalWriterOptions
        {
            Directory = dir.Path,
            MaxFileBytes = 16L << 20,
        });

        Allocations.AssertNone(() =>
        {
            foreach (JournalEvent e in events)
            {
                writer.Append(e);
            }

            writer.Flush(JournalDurability.ProcessCrash);
            writer.Append(events[0]);
            writer.Flush(JournalDurability.PowerLoss);
        });
    }
}
