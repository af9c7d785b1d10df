using HybridMargin.Journal;

namespace HybridMargin.Tests.Journal;

public class JournalWriterTests
{
    [Theory]
    [InlineData(JournalDurability.ProcessCrash)]
    [InlineData(JournalDurability.PowerLoss)]
    public void Appended_records_are_readable_at_once_while_the_writer_is_still_open(JournalDurability durability)
    {
        // The file is mapped: an append is in the page cache when it returns, flushed to the disk or not.
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(50, 12);
        using var writer = new JournalWriter(new JournalWriterOptions { Directory = dir.Path, MaxFileBytes = 1 << 20 });
        foreach (JournalEvent e in events[..30])
        {
            writer.Append(e);
        }

        writer.Flush(durability);
        foreach (JournalEvent e in events[30..])
        {
            writer.Append(e);
        }

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events, records.Select(r => r.Event));
        Assert.True(end.IsClean, end.ToString());
        Assert.Equal(events.Length, end.LastGoodSequence);
        Assert.Equal(events.Length + 1, writer.NextSequence);
    }

    [Fact]
    public void Appending_an_event_of_no_kind_throws_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        using (var writer = new JournalWriter(new JournalWriterOptions { Directory = dir.Path }))
        {
            writer.Append(JournalEvent.ForCancel(1, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(default));
            Assert.Equal(2, writer.NextSequence);
            writer.Append(JournalEvent.ForCancel(1, 3));
        }

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal([JournalEvent.ForCancel(1, 2), JournalEvent.ForCancel(1, 3)], records.Select(r => r.Event));
        Assert.Equal([1L, 2L], records.Select(r => r.Sequence));
        Assert.True(end.IsClean, end.ToString());
    }

    [Fact]
    public void A_file_size_too_small_for_one_record_is_refused()
    {
        using var dir = new TempDirectory();

        Assert.Throws<ArgumentOutOfRangeException>(() => new JournalWriter(new JournalWriterOptions
        {
            Directory = dir.Path,
            MaxFileBytes = JournalFile.HeaderSize + JournalRecord.MaxRecordSize - 1,
        }));
    }
}
