using HybridMargin.Journal;

namespace HybridMargin.Tests.Journal;

public class JournalRolloverTests
{
    private const long MaxFileBytes = 2048;

    [Fact]
    public void Records_roll_over_into_numbered_files_and_read_back_across_all_of_them()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(400, 5);
        var fileOfSequence = new List<int>();
        long lastEnd;
        using (var writer = new JournalWriter(new JournalWriterOptions { Directory = dir.Path, MaxFileBytes = MaxFileBytes }))
        {
            foreach (JournalEvent e in events)
            {
                writer.Append(e);
                fileOfSequence.Add(writer.CurrentFileNumber);
            }

            lastEnd = writer.CurrentFileOffset;
        }

        IReadOnlyList<(int Number, string Path)> files = JournalFile.List(dir.Path);
        Assert.True(files.Count >= 3, $"expected at least 3 files, got {files.Count}");
        Assert.Equal(Enumerable.Range(1, files.Count), files.Select(f => f.Number));
        Assert.Equal(files.Count, fileOfSequence[^1]);
        Assert.All(files, f => Assert.Equal(MaxFileBytes, new FileInfo(f.Path).Length));

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events, records.Select(r => r.Event));
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.True(end.IsClean, end.ToString());
        Assert.Equal(events.Length, end.LastGoodSequence);
        Assert.Equal(files[^1].Path, end.File);
        Assert.Equal(lastEnd, end.Offset);
    }

    [Fact]
    public void Preallocated_rolled_files_read_back_across_their_zero_filled_tails()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(300, 6);
        JournalTestData.Write(dir.Path, events, maxFileBytes: MaxFileBytes, keepZeroTails: true);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.True(JournalFile.List(dir.Path).Count >= 3);
        Assert.Equal(events, records.Select(r => r.Event));
        Assert.True(end.IsClean, end.ToString());
    }

    [Fact]
    public void A_missing_middle_file_ends_reading_after_the_file_before_it()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(400, 7);
        JournalTestData.Write(dir.Path, events, maxFileBytes: MaxFileBytes);
        IReadOnlyList<(int Number, string Path)> files = JournalFile.List(dir.Path);
        int inFirst = CountRecords(files[0].Path);
        File.Delete(files[1].Path);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events[..inFirst], records.Select(r => r.Event));
        Assert.Equal(new JournalEnd(inFirst, files[2].Path, 0, JournalEndReason.MissingFile), end);
    }

    [Fact]
    public void A_corrupted_header_in_a_later_file_ends_reading_at_that_file()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(400, 8);
        JournalTestData.Write(dir.Path, events, maxFileBytes: MaxFileBytes);
        IReadOnlyList<(int Number, string Path)> files = JournalFile.List(dir.Path);
        int inFirst = CountRecords(files[0].Path);
        byte[] second = File.ReadAllBytes(files[1].Path);
        second[17] ^= 0x01;
        File.WriteAllBytes(files[1].Path, second);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events[..inFirst], records.Select(r => r.Event));
        Assert.Equal(new JournalEnd(inFirst, files[1].Path, 0, JournalEndReason.BadHeader), end);
    }

    private static int CountRecords(string file)
    {
        using var single = new TempDirectory();
        File.Copy(file, Path.Combine(single.Path, JournalFile.FileName(1)));
        return JournalTestData.ReadAll(single.Path).Records.Count;
    }
}
