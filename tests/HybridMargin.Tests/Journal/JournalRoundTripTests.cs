using HybridMargin.Journal;

namespace HybridMargin.Tests.Journal;

public class JournalRoundTripTests
{
    [Fact]
    public void Every_event_kind_encodes_and_decodes_to_an_equal_event()
    {
        byte[] buffer = new byte[JournalRecord.MaxRecordSize + 16];
        long sequence = 41;
        foreach (JournalEvent e in JournalTestData.EveryKind())
        {
            int size = JournalRecord.Write(buffer, sequence, e);
            Assert.Equal(JournalRecord.RecordSize(e.Kind), size);

            Assert.Equal(JournalRecordStatus.Ok, JournalRecord.TryRead(buffer, out long read, out JournalEvent decoded, out int readSize));
            Assert.Equal(sequence, read);
            Assert.Equal(e, decoded);
            Assert.Equal(size, readSize);
            sequence++;
        }
    }

    [Fact]
    public void Every_event_kind_written_to_a_journal_is_read_back_in_order_with_consecutive_sequences()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = [.. JournalTestData.EveryKind(), .. JournalTestData.Random(500, 1)];
        JournalTestData.Write(dir.Path, events, firstSequence: 1000);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events, records.Select(r => r.Event));
        Assert.Equal(Enumerable.Range(1000, events.Length).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.True(end.IsClean, end.ToString());
        Assert.Equal(999 + events.Length, end.LastGoodSequence);
        Assert.Equal(JournalTestData.RecordStarts(events)[^1], end.Offset);
        Assert.Equal(Path.Combine(dir.Path, JournalFile.FileName(1)), end.File);
    }

    [Fact]
    public void A_preallocated_file_reads_cleanly_up_to_the_end_of_its_data()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(100, 2);
        JournalTestData.Write(dir.Path, events, maxFileBytes: 1 << 20, keepZeroTails: true);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events, records.Select(r => r.Event));
        Assert.True(end.IsClean, end.ToString());
        Assert.Equal(JournalTestData.RecordStarts(events)[^1], end.Offset);
    }

    [Fact]
    public void A_zero_filled_tail_after_the_data_is_a_clean_end()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.Random(20, 3);
        JournalTestData.Write(dir.Path, events);
        string file = Path.Combine(dir.Path, JournalFile.FileName(1));
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length + 10_000);
        }

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events, records.Select(r => r.Event));
        Assert.Equal(new JournalEnd(20, file, JournalTestData.RecordStarts(events)[^1], JournalEndReason.EndOfJournal), end);
    }

    [Fact]
    public void An_empty_directory_is_an_empty_clean_journal()
    {
        using var dir = new TempDirectory();

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Empty(records);
        Assert.Equal(new JournalEnd(0, null, 0, JournalEndReason.EndOfJournal), end);
    }

    [Fact]
    public void A_journal_with_a_header_and_no_records_ends_cleanly_before_the_first_sequence()
    {
        using var dir = new TempDirectory();
        JournalTestData.Write(dir.Path, [], firstSequence: 7);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Empty(records);
        Assert.Equal(new JournalEnd(6, Path.Combine(dir.Path, JournalFile.FileName(1)), JournalFile.HeaderSize, JournalEndReason.EndOfJournal), end);
    }

    [Fact]
    public void A_record_with_a_skipped_sequence_ends_reading_with_a_sequence_gap()
    {
        using var dir = new TempDirectory();
        JournalEvent[] events = JournalTestData.EveryKind();
        byte[] file = new byte[JournalFile.HeaderSize + (events.Length * JournalRecord.MaxRecordSize)];
        JournalFile.WriteHeader(file, 1, 1);
        int offset = JournalFile.HeaderSize;
        long[] sequences = [1, 2, 3, 5];
        long gapOffset = 0;
        for (int i = 0; i < sequences.Length; i++)
        {
            gapOffset = offset;
            offset += JournalRecord.Write(file.AsSpan(offset), sequences[i], events[i]);
        }

        string path = Path.Combine(dir.Path, JournalFile.FileName(1));
        File.WriteAllBytes(path, file[..offset]);

        var (records, end) = JournalTestData.ReadAll(dir.Path);

        Assert.Equal(events[..3], records.Select(r => r.Event));
        Assert.Equal(new JournalEnd(3, path, gapOffset, JournalEndReason.SequenceGap), end);
    }

    [Fact]
    public void The_writer_refuses_to_overwrite_an_existing_journal_file()
    {
        using var dir = new TempDirectory();
        JournalTestData.Write(dir.Path, JournalTestData.Random(3, 4));

        Assert.Throws<IOException>(() => new JournalWriter(new JournalWriterOptions { Directory = dir.Path }));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_adopted_snapshot_record_keeps_its_add_ons_and_parameters_bit_for_bit(bool parameters)
    {
        var snapshot = new HybridMargin.Recalculation.RiskSnapshot(
            7, 12_345, 1_700_000_000_123_456_789, [0, 1.5, double.Epsilon, 123456.789], [1, 2, 3, 4], [5, 6, 7, 8], 0.01,
            parameters ? [0.5, 0.8, 1e-3] : null,
            parameters ? [0.05, 0.1, 0.45] : null);
        var e = JournalEvent.ForAdoptSnapshot(snapshot);
        byte[] buffer = new byte[JournalRecord.RecordSize(e)];

        int size = JournalRecord.Write(buffer, 99, e);

        Assert.Equal(buffer.Length, size);
        Assert.Equal(JournalRecordStatus.Ok, JournalRecord.TryRead(buffer, out long sequence, out JournalEvent decoded, out int read));
        Assert.Equal((99L, size), (sequence, read));
        Assert.Equal(JournalEventKind.AdoptSnapshot, decoded.Kind);
        var back = decoded.Snapshot!;
        Assert.Equal((7L, 12_345L, 1_700_000_000_123_456_789L), (back.Id, back.Sequence, back.TimestampNanos));
        Assert.Equal(snapshot.ModelAddOns, back.ModelAddOns);
        Assert.Equal(snapshot.Vols, back.Vols);
        Assert.Equal(snapshot.Haircuts, back.Haircuts);

        // Any single flipped byte is caught.
        for (int i = 0; i < size; i++)
        {
            buffer[i] ^= 0x10;
            Assert.NotEqual(JournalRecordStatus.Ok, JournalRecord.TryRead(buffer, out _, out _, out _));
            buffer[i] ^= 0x10;
        }
    }
}
