using HybridMargin.Journal;

namespace HybridMargin.Tests.Journal;

public class JournalCorruptionTests
{
    [Fact]
    public void Every_truncation_point_of_the_last_record_ends_reading_at_the_record_before_it()
    {
        using var source = new TempDirectory();
        JournalEvent[] events = JournalTestData.EveryKind();
        JournalTestData.Write(source.Path, events);
        byte[] original = File.ReadAllBytes(Path.Combine(source.Path, JournalFile.FileName(1)));
        long[] starts = JournalTestData.RecordStarts(events);
        int lastStart = (int)starts[^2];
        Assert.Equal(starts[^1], original.Length);

        // A record cut before trailing zero bytes and followed by a zero tail is the whole record again: the test's
        // last record must end in a non-zero byte for every cut to be a torn record.
        Assert.NotEqual(0, original[^1]);

        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, JournalFile.FileName(1));
        for (int kept = 0; kept < original.Length - lastStart; kept++)
        {
            foreach (int zeroTail in new[] { 0, 4096 })
            {
                byte[] torn = new byte[lastStart + kept + zeroTail];
                original.AsSpan(0, lastStart + kept).CopyTo(torn);
                File.WriteAllBytes(path, torn);

                var (records, end) = JournalTestData.ReadAll(dir.Path);

                string label = $"kept={kept} zeroTail={zeroTail} end={end}";
                Assert.True(events[..^1].SequenceEqual(records.Select(r => r.Event)), label);
                Assert.Equal(events.Length - 1, end.LastGoodSequence);
                Assert.Equal(path, end.File);
                Assert.True(lastStart == end.Offset, label);
                Assert.True((kept == 0) == end.IsClean, label);
            }
        }
    }

    [Fact]
    public void Seeded_single_byte_flips_end_reading_at_the_last_good_record_and_never_yield_a_corrupted_event()
    {
        using var source = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(40, 9);
        JournalTestData.Write(source.Path, events);
        byte[] data = File.ReadAllBytes(Path.Combine(source.Path, JournalFile.FileName(1)));
        long[] starts = JournalTestData.RecordStarts(events);
        byte[] original = new byte[data.Length + 256];
        data.CopyTo(original, 0);

        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, JournalFile.FileName(1));
        var random = new Random(424242);
        const int Cases = 600;
        for (int c = 0; c < Cases; c++)
        {
            int offset = random.Next(original.Length);
            byte mask = (byte)random.Next(1, 256);
            byte[] flipped = (byte[])original.Clone();
            flipped[offset] ^= mask;
            File.WriteAllBytes(path, flipped);

            var (records, end) = JournalTestData.ReadAll(dir.Path);

            string label = $"case {c}: offset={offset} mask=0x{mask:X2} end={end}";
            Assert.False(end.IsClean, label);
            Assert.Equal(path, end.File);
            if (offset < JournalFile.HeaderSize)
            {
                Assert.True(records.Count == 0, label);
                Assert.True(end == new JournalEnd(0, path, 0, JournalEndReason.BadHeader), label);
                continue;
            }

            int hit = Array.FindLastIndex(starts, s => s <= offset);
            int good = Math.Min(hit, events.Length);
            Assert.True(events[..good].SequenceEqual(records.Select(r => r.Event)), label);
            Assert.True(records.Select(r => r.Sequence).SequenceEqual(Enumerable.Range(1, good).Select(i => (long)i)), label);
            Assert.True(end.LastGoodSequence == good, label);
            Assert.True(end.Offset == starts[good], label);
        }
    }

    [Fact]
    public void Seeded_flips_in_a_middle_file_end_reading_in_that_file_without_reading_the_next()
    {
        using var source = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(300, 10);
        JournalTestData.Write(source.Path, events, maxFileBytes: 2048);
        IReadOnlyList<(int Number, string Path)> files = JournalFile.List(source.Path);
        Assert.True(files.Count >= 3);
        byte[] middle = File.ReadAllBytes(files[1].Path);

        using var dir = new TempDirectory();
        foreach ((int _, string file) in files)
        {
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        }

        string target = Path.Combine(dir.Path, Path.GetFileName(files[1].Path));
        var (clean, _) = JournalTestData.ReadAll(dir.Path);
        var random = new Random(777);
        for (int c = 0; c < 100; c++)
        {
            int offset = random.Next(middle.Length);
            byte[] flipped = (byte[])middle.Clone();
            flipped[offset] ^= (byte)random.Next(1, 256);
            File.WriteAllBytes(target, flipped);

            var (records, end) = JournalTestData.ReadAll(dir.Path);

            string label = $"case {c}: offset={offset} end={end}";
            Assert.False(end.IsClean, label);
            Assert.True(target == end.File, label);
            Assert.True(end.Offset <= offset, label);
            Assert.True(clean.Take(records.Count).SequenceEqual(records), label);
            Assert.True(end.LastGoodSequence == records.Count, label);
        }
    }
}
