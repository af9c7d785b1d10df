using System.Buffers.Binary;
using HybridMargin.Engine;
using HybridMargin.Recalculation;

namespace HybridMargin.Journal;

/// <summary>
/// The binary record format, little-endian throughout:
/// <c>[int32 length][uint32 CRC-32C][int64 sequence][byte kind][payload]</c>, where <c>length</c> counts the bytes
/// after the checksum (sequence, kind, payload) and the CRC-32C covers the length field and those bytes. A zero
/// length marks the end of the data (the zero-filled tail of a preallocated file).
/// </summary>
public static class JournalRecord
{
    /// <summary>Bytes before the body: the length and the checksum.</summary>
    public const int PrefixSize = 8;

    /// <summary>Bytes of the body before the payload: the sequence and the kind.</summary>
    public const int BodyHeaderSize = 9;

    /// <summary>The largest payload of a fixed-size kind (a replace).</summary>
    public const int MaxPayloadSize = 8 + OrderSize;

    /// <summary>The largest record of a fixed-size kind; every record but an AdoptSnapshot fits.</summary>
    public const int MaxRecordSize = PrefixSize + BodyHeaderSize + MaxPayloadSize;

    /// <summary>
    /// The largest body any record may have (an AdoptSnapshot grows with the accounts and assets): a length above it
    /// is corruption, not a record to allocate for.
    /// </summary>
    public const int MaxBodySize = 64 << 20;

    private const int OrderSize = 4 + 4 + 1 + 1 + 8 + 8 + 8 + 8;

    // AdoptSnapshot: [int64 id][int64 tagged sequence][int64 time][int32 accounts][int32 assets, 0 without parameters]
    // then accounts add-ons, assets vols, assets haircuts (doubles).
    private const int SnapshotHeaderSize = 8 + 8 + 8 + 4 + 4;

    /// <summary>The payload size of a fixed-size <paramref name="kind"/>; -1 for an unknown kind or AdoptSnapshot (variable).</summary>
    /// <param name="kind">The event kind.</param>
    /// <returns>Payload bytes.</returns>
    public static int PayloadSize(JournalEventKind kind) => kind switch
    {
        JournalEventKind.Order => OrderSize,
        JournalEventKind.Cancel => 4 + 8,
        JournalEventKind.Replace => 8 + OrderSize,
        JournalEventKind.Fill => 4 + 8 + 8 + 8,
        JournalEventKind.Mark or JournalEventKind.ImpliedVol => 4 + 8 + 8,
        JournalEventKind.Balance => 4 + 4 + 8,
        JournalEventKind.KillSwitch => 4 + 1,
        _ => -1,
    };

    /// <summary>The size of the record of a fixed-size <paramref name="kind"/>.</summary>
    /// <param name="kind">The event kind (a defined one other than AdoptSnapshot).</param>
    /// <returns>Record bytes.</returns>
    public static int RecordSize(JournalEventKind kind)
    {
        int payload = PayloadSize(kind);
        if (payload < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown or variable-size journal event kind");
        }

        return PrefixSize + BodyHeaderSize + payload;
    }

    /// <summary>The size of the record of <paramref name="journalEvent"/> (any kind).</summary>
    /// <param name="journalEvent">The event.</param>
    /// <returns>Record bytes.</returns>
    public static int RecordSize(in JournalEvent journalEvent)
    {
        if (journalEvent.Kind != JournalEventKind.AdoptSnapshot)
        {
            return RecordSize(journalEvent.Kind);
        }

        var snapshot = journalEvent.Snapshot ?? throw new ArgumentException("an AdoptSnapshot event needs its snapshot", nameof(journalEvent));
        long payload = SnapshotPayloadSize(snapshot.ModelAddOns.Count, snapshot.Vols is null ? 0 : snapshot.Vols.Count);
        if (snapshot.Vols is { } vols && (snapshot.Haircuts is null || snapshot.Haircuts.Count != vols.Count))
        {
            throw new ArgumentException("the snapshot's vols and haircuts must both be present with one per asset", nameof(journalEvent));
        }

        if (BodyHeaderSize + payload > MaxBodySize)
        {
            throw new ArgumentException($"the snapshot's record would have {BodyHeaderSize + payload} bytes, more than {MaxBodySize}", nameof(journalEvent));
        }

        return PrefixSize + BodyHeaderSize + (int)payload;
    }

    /// <summary>Writes the record of <paramref name="journalEvent"/> at the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="RecordSize(in JournalEvent)"/> bytes.</param>
    /// <param name="sequence">The record's sequence.</param>
    /// <param name="journalEvent">The event.</param>
    /// <returns>Bytes written.</returns>
    public static int Write(Span<byte> destination, long sequence, in JournalEvent journalEvent)
    {
        int size = RecordSize(journalEvent);
        if (destination.Length < size)
        {
            throw new ArgumentException($"the record needs {size} bytes, the destination has {destination.Length}", nameof(destination));
        }

        WriteSized(destination[..size], sequence, journalEvent);
        return size;
    }

    /// <summary>Writes a record into <paramref name="record"/>, whose length the caller took from <see cref="RecordSize(in JournalEvent)"/> (the writer needs it first, for rollover).</summary>
    internal static void WriteSized(Span<byte> record, long sequence, in JournalEvent journalEvent)
    {
        int size = record.Length;
        BinaryPrimitives.WriteInt32LittleEndian(record, size - PrefixSize);
        BinaryPrimitives.WriteInt64LittleEndian(record[PrefixSize..], sequence);
        record[PrefixSize + 8] = (byte)journalEvent.Kind;
        WritePayload(record[(PrefixSize + BodyHeaderSize)..], journalEvent);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Checksum(record));
    }

    /// <summary>Decodes the record at the start of <paramref name="source"/>.</summary>
    internal static JournalRecordStatus TryRead(ReadOnlySpan<byte> source, out long sequence, out JournalEvent journalEvent, out int size)
    {
        sequence = 0;
        journalEvent = default;
        size = 0;
        if (source.Length < 4)
        {
            return source.ContainsAnyExcept((byte)0) ? JournalRecordStatus.Truncated : JournalRecordStatus.End;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(source);
        if (length == 0)
        {
            return JournalRecordStatus.End;
        }

        if (length < BodyHeaderSize || length > MaxBodySize)
        {
            return JournalRecordStatus.BadLength;
        }

        if (source.Length < PrefixSize + length)
        {
            return JournalRecordStatus.Truncated;
        }

        ReadOnlySpan<byte> record = source[..(PrefixSize + length)];
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) != Checksum(record))
        {
            return JournalRecordStatus.BadChecksum;
        }

        var kind = (JournalEventKind)record[PrefixSize + 8];
        ReadOnlySpan<byte> payload = record[(PrefixSize + BodyHeaderSize)..];
        if (kind == JournalEventKind.AdoptSnapshot ? !SnapshotPayloadValid(payload) : PayloadSize(kind) != payload.Length)
        {
            return JournalRecordStatus.BadPayload;
        }

        sequence = BinaryPrimitives.ReadInt64LittleEndian(record[PrefixSize..]);
        journalEvent = kind == JournalEventKind.AdoptSnapshot ? JournalEvent.ForAdoptSnapshot(ReadSnapshot(payload)) : ReadPayload(kind, payload);
        size = record.Length;
        return JournalRecordStatus.Ok;
    }

    /// <summary>The body length of the record at the start of <paramref name="source"/> (its first 4 bytes), for readers sizing their buffer.</summary>
    internal static int BodyLength(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadInt32LittleEndian(source);

    private static long SnapshotPayloadSize(int accounts, int assets) => SnapshotHeaderSize + (8L * accounts) + (16L * assets);

    private static bool SnapshotPayloadValid(ReadOnlySpan<byte> p)
    {
        if (p.Length < SnapshotHeaderSize)
        {
            return false;
        }

        int accounts = BinaryPrimitives.ReadInt32LittleEndian(p[24..]);
        int assets = BinaryPrimitives.ReadInt32LittleEndian(p[28..]);
        return accounts >= 0 && assets >= 0 && SnapshotPayloadSize(accounts, assets) == p.Length;
    }

    private static void WriteSnapshot(Span<byte> p, RiskSnapshot snapshot)
    {
        int accounts = snapshot.ModelAddOns.Count;
        int assets = snapshot.Vols?.Count ?? 0;
        BinaryPrimitives.WriteInt64LittleEndian(p, snapshot.Id);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], snapshot.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(p[16..], snapshot.TimestampNanos);
        BinaryPrimitives.WriteInt32LittleEndian(p[24..], accounts);
        BinaryPrimitives.WriteInt32LittleEndian(p[28..], assets);
        int at = SnapshotHeaderSize;
        for (int a = 0; a < accounts; a++, at += 8)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(p[at..], snapshot.ModelAddOns[a]);
        }

        for (int a = 0; a < assets; a++, at += 8)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(p[at..], snapshot.Vols![a]);
        }

        for (int a = 0; a < assets; a++, at += 8)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(p[at..], snapshot.Haircuts![a]);
        }
    }

    private static RiskSnapshot ReadSnapshot(ReadOnlySpan<byte> p)
    {
        int accounts = BinaryPrimitives.ReadInt32LittleEndian(p[24..]);
        int assets = BinaryPrimitives.ReadInt32LittleEndian(p[28..]);
        var addOns = ReadDoubles(p[SnapshotHeaderSize..], accounts);
        var vols = assets == 0 ? null : ReadDoubles(p[(SnapshotHeaderSize + (8 * accounts))..], assets);
        var haircuts = assets == 0 ? null : ReadDoubles(p[(SnapshotHeaderSize + (8 * (accounts + assets)))..], assets);

        // The Monte Carlo figures and drift are reports, not state: the journal does not keep them.
        return new RiskSnapshot(
            BinaryPrimitives.ReadInt64LittleEndian(p),
            BinaryPrimitives.ReadInt64LittleEndian(p[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(p[16..]),
            addOns,
            [],
            [],
            double.NaN,
            vols,
            haircuts);
    }

    private static double[] ReadDoubles(ReadOnlySpan<byte> p, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(p[(8 * i)..]);
        }

        return values;
    }

    private static uint Checksum(ReadOnlySpan<byte> record)
    {
        uint state = Crc32C.Update(0xFFFFFFFFu, record[..4]);
        return ~Crc32C.Update(state, record[PrefixSize..]);
    }

    private static void WritePayload(Span<byte> p, in JournalEvent e)
    {
        switch (e.Kind)
        {
            case JournalEventKind.Order:
                WriteOrder(p, e.Order);
                break;
            case JournalEventKind.Cancel:
                BinaryPrimitives.WriteInt32LittleEndian(p, e.Account);
                BinaryPrimitives.WriteInt64LittleEndian(p[4..], e.ClientOrderId);
                break;
            case JournalEventKind.Replace:
                BinaryPrimitives.WriteInt64LittleEndian(p, e.ClientOrderId);
                WriteOrder(p[8..], e.Order);
                break;
            case JournalEventKind.Fill:
                BinaryPrimitives.WriteInt32LittleEndian(p, e.Account);
                BinaryPrimitives.WriteInt64LittleEndian(p[4..], e.ClientOrderId);
                BinaryPrimitives.WriteDoubleLittleEndian(p[12..], e.Amount);
                BinaryPrimitives.WriteDoubleLittleEndian(p[20..], e.Price);
                break;
            case JournalEventKind.Mark:
            case JournalEventKind.ImpliedVol:
                BinaryPrimitives.WriteInt32LittleEndian(p, e.Target);
                BinaryPrimitives.WriteDoubleLittleEndian(p[4..], e.Amount);
                BinaryPrimitives.WriteInt64LittleEndian(p[12..], e.EventTimeNanos);
                break;
            case JournalEventKind.Balance:
                BinaryPrimitives.WriteInt32LittleEndian(p, e.Account);
                BinaryPrimitives.WriteInt32LittleEndian(p[4..], e.Target);
                BinaryPrimitives.WriteDoubleLittleEndian(p[8..], e.Amount);
                break;
            case JournalEventKind.KillSwitch:
                BinaryPrimitives.WriteInt32LittleEndian(p, e.Account);
                p[4] = e.Flag ? (byte)1 : (byte)0;
                break;
            case JournalEventKind.AdoptSnapshot:
                WriteSnapshot(p, e.Snapshot!);
                break;
        }
    }

    private static JournalEvent ReadPayload(JournalEventKind kind, ReadOnlySpan<byte> p) => kind switch
    {
        JournalEventKind.Order => JournalEvent.ForOrder(ReadOrder(p)),
        JournalEventKind.Cancel => JournalEvent.ForCancel(
            BinaryPrimitives.ReadInt32LittleEndian(p), BinaryPrimitives.ReadInt64LittleEndian(p[4..])),
        JournalEventKind.Replace => JournalEvent.ForReplace(BinaryPrimitives.ReadInt64LittleEndian(p), ReadOrder(p[8..])),
        JournalEventKind.Fill => JournalEvent.ForFill(
            BinaryPrimitives.ReadInt32LittleEndian(p),
            BinaryPrimitives.ReadInt64LittleEndian(p[4..]),
            BinaryPrimitives.ReadDoubleLittleEndian(p[12..]),
            BinaryPrimitives.ReadDoubleLittleEndian(p[20..])),
        JournalEventKind.Mark => JournalEvent.ForMark(
            BinaryPrimitives.ReadInt32LittleEndian(p), BinaryPrimitives.ReadDoubleLittleEndian(p[4..]), BinaryPrimitives.ReadInt64LittleEndian(p[12..])),
        JournalEventKind.ImpliedVol => JournalEvent.ForImpliedVol(
            BinaryPrimitives.ReadInt32LittleEndian(p), BinaryPrimitives.ReadDoubleLittleEndian(p[4..]), BinaryPrimitives.ReadInt64LittleEndian(p[12..])),
        JournalEventKind.Balance => JournalEvent.ForBalance(
            BinaryPrimitives.ReadInt32LittleEndian(p), BinaryPrimitives.ReadInt32LittleEndian(p[4..]), BinaryPrimitives.ReadDoubleLittleEndian(p[8..])),
        _ => JournalEvent.ForKillSwitch(BinaryPrimitives.ReadInt32LittleEndian(p), p[4] != 0),
    };

    private static void WriteOrder(Span<byte> p, in Order o)
    {
        BinaryPrimitives.WriteInt32LittleEndian(p, o.Account);
        BinaryPrimitives.WriteInt32LittleEndian(p[4..], o.Instrument);
        p[8] = (byte)o.Side;
        p[9] = (byte)o.Type;
        BinaryPrimitives.WriteDoubleLittleEndian(p[10..], o.Quantity);
        BinaryPrimitives.WriteDoubleLittleEndian(p[18..], o.LimitPrice);
        BinaryPrimitives.WriteInt64LittleEndian(p[26..], o.ClientOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(p[34..], o.TimestampNanos);
    }

    private static Order ReadOrder(ReadOnlySpan<byte> p) => new(
        BinaryPrimitives.ReadInt32LittleEndian(p),
        BinaryPrimitives.ReadInt32LittleEndian(p[4..]),
        (Side)p[8],
        (OrderType)p[9],
        BinaryPrimitives.ReadDoubleLittleEndian(p[10..]),
        BinaryPrimitives.ReadDoubleLittleEndian(p[18..]),
        BinaryPrimitives.ReadInt64LittleEndian(p[26..]),
        BinaryPrimitives.ReadInt64LittleEndian(p[34..]));
}
