using System.Globalization;
using System.Text;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>One class of bad input; the fuzz test sends each a given number of times.</summary>
internal enum MutationClass
{
    BadChecksum,
    BadBodyLength,
    Garbage,
    HeaderOutOfOrder,
    DuplicateTag,
    EmptyValue,
    MissingRequiredTag,
    NonNumeric,
    UndefinedEnum,
    InvalidMsgType,
    StaleResend,
    Trickled,
    DroppedMidMessage,
    Oversize,
    WrongBeginString,
    SeqTooLow,
    NoMsgSeqNum,
}

/// <summary>What FIX prescribes for a mutation.</summary>
internal enum Outcome
{
    /// <summary>Garbled or a possible duplicate: no answer, MsgSeqNum not consumed.</summary>
    Ignored,

    /// <summary>Session Reject (35=3) of the MsgSeqNum with a SessionRejectReason (and RefTagID); MsgSeqNum consumed.</summary>
    Rejected,

    /// <summary>A valid message (delivered oddly): handled as usual.</summary>
    Processed,

    /// <summary>Logout, then the acceptor disconnects.</summary>
    LoggedOut,

    /// <summary>The client drops the connection after sending the bytes.</summary>
    Dropped,
}

/// <summary>Bytes to send and the answer FIX prescribes.</summary>
internal sealed record Mutation(MutationClass Class, string BaseType, byte[] Bytes, Outcome Outcome)
{
    public int Reason { get; init; }

    public int RefTag { get; init; }

    /// <summary>ClOrdID of a valid order (processed outcome).</summary>
    public string? ClOrdId { get; init; }

    /// <summary>TestReqID of a valid TestRequest (processed outcome).</summary>
    public string? TestReqId { get; init; }

    /// <summary>Send one byte at a time.</summary>
    public bool Trickle { get; init; }

    /// <summary>When trickling, pause 1 ms after this many bytes (0: never).</summary>
    public int PauseEvery { get; init; }

    public override string ToString() =>
        $"{Class} of {BaseType} ({Outcome}{(Reason > 0 || RefTag > 0 ? $" 373={Reason} 371={RefTag}" : "")}{(Trickle ? ", trickled" : "")}): {RawFix.Show(Bytes)}";
}

/// <summary>
/// Seeded: takes valid messages (NewOrderSingle, cancel and replace of a live order, Heartbeat, TestRequest) and applies
/// one mutation class at a time, saying what the acceptor must answer. Every order it builds has a fresh ClOrdID
/// starting with <c>M</c> unless it is valid (<c>V</c>).
/// </summary>
internal sealed class Mutator
{
    private static readonly string[] BaseTypes = ["D", "F", "G", "0", "1"];
    private static readonly string[] NonNumbers = ["abc", "1e3", "1.2.3", "+1", "-", ".", "12a", " 5", "5 ", "0x10", "1,5", "NaN", "Infinity", "--1", "9O000"];
    private static readonly string[] InvalidMsgTypes = ["ZZ", "#", "D1", "X9", "QQ", "00", "1A", "!", "BZ", "ZA", "DD", "A1"];
    private static readonly string[] OtherVersions = ["FIX.4.2", "FIX.4.3", "FIXT.1.1", "FIX.5.0", "FIX.4.0"];
    private static readonly (string Type, int Tag, string[] Values)[] Enums =
    [
        ("D", 54, ["0", "H", "Z", "x", "11"]), ("D", 40, ["0", "R", "Z", "x", "22"]), ("D", 59, ["8", "9", "A", "x", "00"]),
        ("G", 54, ["0", "H", "Z", "x", "11"]), ("G", 40, ["0", "R", "Z", "x", "22"]), ("F", 54, ["0", "H", "Z", "x", "11"]),
    ];

    private static readonly Dictionary<string, int[]> RequiredTags = new()
    {
        ["D"] = [11, 54, 55, 38, 40, 60, 44, 52],
        ["F"] = [41, 11, 54, 55, 60, 52],
        ["G"] = [41, 11, 54, 55, 38, 40, 60, 44, 52],
        ["1"] = [112, 52],
        ["0"] = [52],
    };

    private readonly Random _random;
    private readonly string _sender;
    private readonly string _account;
    private readonly string _anchor;
    private readonly int _maxMessageBytes;
    private int _serial;

    public Mutator(int seed, string sender, string account, string anchor, int maxMessageBytes)
    {
        _random = new Random(seed);
        _sender = sender;
        _account = account;
        _anchor = anchor;
        _maxMessageBytes = maxMessageBytes;
    }

    public Random Random => _random;

    /// <summary>A mutation of class <paramref name="kind"/> for a session expecting <paramref name="seq"/> next.</summary>
    public Mutation Next(MutationClass kind, int seq)
    {
        string type = Pick(BaseTypes);
        return kind switch
        {
            MutationClass.BadChecksum => BadChecksum(type, seq),
            MutationClass.BadBodyLength => BadBodyLength(type, seq),
            MutationClass.Garbage => Garbage(seq),
            MutationClass.HeaderOutOfOrder => HeaderOutOfOrder(type, seq),
            MutationClass.DuplicateTag => DuplicateTag(type, seq),
            MutationClass.EmptyValue => EmptyValue(type, seq),
            MutationClass.MissingRequiredTag => MissingRequiredTag(type, seq),
            MutationClass.NonNumeric => NonNumeric(seq),
            MutationClass.UndefinedEnum => UndefinedEnum(seq),
            MutationClass.InvalidMsgType => InvalidMsgType(type, seq),
            MutationClass.StaleResend => StaleResend(type, seq),
            MutationClass.Trickled => Trickled(type, seq),
            MutationClass.DroppedMidMessage => Dropped(type, seq),
            MutationClass.Oversize => Oversize(type, seq),
            MutationClass.WrongBeginString => WrongBeginString(type, seq),
            MutationClass.SeqTooLow => SeqTooLow(type, seq),
            MutationClass.NoMsgSeqNum => NoMsgSeqNum(type, seq),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>A valid message of <paramref name="type"/>; orders get a fresh ClOrdID with <paramref name="prefix"/>, cancels and replaces target the anchor.</summary>
    public List<(int Tag, string Value)> Valid(string type, int seq, string prefix = "M")
    {
        string id = $"{prefix}{++_serial}";
        return type switch
        {
            "D" => RawFix.NewOrder(_sender, seq, id, _account),
            "F" => RawFix.Cancel(_sender, seq, id, _anchor),
            "G" => RawFix.Replace(_sender, seq, id, _anchor, _account),
            "0" => RawFix.Heartbeat(_sender, seq),
            _ => RawFix.TestRequest(_sender, seq, "T" + id),
        };
    }

    private Mutation BadChecksum(string type, int seq)
    {
        byte[] framed = RawFix.Frame(Valid(type, seq));
        int sum = RawFix.Checksum(framed);
        byte[] bytes = _random.Next(4) switch
        {
            0 => RawFix.WithChecksum(framed, "1A3"),
            1 => Replace(framed, $"{RawFix.Soh}10={sum:000}{RawFix.Soh}", $"{RawFix.Soh}10={sum % 100:00}{RawFix.Soh}"),
            2 => Replace(framed, $"{RawFix.Soh}10={sum:000}{RawFix.Soh}", $"{RawFix.Soh}10={sum:000}0{RawFix.Soh}"),
            _ => RawFix.WithChecksum(framed, ((sum + _random.Next(1, 256)) % 256).ToString("000", CultureInfo.InvariantCulture)),
        };
        return new Mutation(MutationClass.BadChecksum, type, bytes, Outcome.Ignored);
    }

    private Mutation BadBodyLength(string type, int seq)
    {
        byte[] framed = RawFix.Frame(Valid(type, seq));
        int length = RawFix.BodyLength(framed);
        byte[] bytes;
        switch (_random.Next(5))
        {
            case 0:
                bytes = RawFix.WithBodyLength(framed, Pick(["abc", "", "-5", " 12", "12x", "00000123"]));
                break;
            case 1:
                // BodyLength missing altogether.
                string text = Encoding.ASCII.GetString(framed);
                int start = text.IndexOf($"{RawFix.Soh}9=", StringComparison.Ordinal) + 1;
                bytes = RawFix.Ascii(string.Concat(text.AsSpan(0, start), text.AsSpan(text.IndexOf(RawFix.Soh, start) + 1)));
                break;
            default:
                // Off by a little either way (less than the next message, so the acceptor sees the mismatch).
                int delta = _random.Next(2) == 0 ? -_random.Next(1, Math.Min(30, length)) : _random.Next(1, 41);
                bytes = RawFix.WithBodyLength(framed, (length + delta).ToString(CultureInfo.InvariantCulture));
                break;
        }

        return new Mutation(MutationClass.BadBodyLength, type, bytes, Outcome.Ignored);
    }

    private Mutation Garbage(int seq)
    {
        byte[] bytes;
        switch (_random.Next(6))
        {
            case 0:
            case 1:
                bytes = new byte[_random.Next(1, 65)];
                _random.NextBytes(bytes);
                break;
            case 2:
                bytes = RawFix.Ascii(Pick(["55=BTC\u000138=1\u0001", "10=123\u0001", "\u0001\u0001\u0001", "\r\n", "=", "9=12\u000135=0\u0001", "FIX.4.4\u0001"]));
                break;
            case 3:
                bytes = RawFix.Ascii(Pick(["8=JUNK\u00019=12\u0001", "8=", "x8=", "8=\u0001", "8=fix", "8=8=8=", "88888"]));
                break;
            default:
                // A Heartbeat cut short after its BeginString, as a sender that lost the rest would leave it.
                byte[] heartbeat = RawFix.Frame(RawFix.Heartbeat(_sender, seq));
                bytes = heartbeat[..(10 + _random.Next(heartbeat.Length - 10))];
                break;
        }

        return new Mutation(MutationClass.Garbage, "-", bytes, Outcome.Ignored);
    }

    private Mutation HeaderOutOfOrder(string type, int seq)
    {
        var fields = Valid(type, seq);
        int other = _random.Next(1, fields.Count);
        (fields[0], fields[other]) = (fields[other], fields[0]);
        return new Mutation(MutationClass.HeaderOutOfOrder, type, RawFix.Frame(fields), Outcome.Ignored);
    }

    private Mutation DuplicateTag(string type, int seq)
    {
        var fields = Valid(type, seq);
        int i = _random.Next(fields.Count);
        var copy = _random.Next(2) == 0 ? fields[i] : (fields[i].Tag, fields[i].Value + "9");
        fields.Insert(_random.Next(i + 1, fields.Count + 1), copy);
        return new Mutation(MutationClass.DuplicateTag, type, RawFix.Frame(fields), Outcome.Rejected) { Reason = 13, RefTag = copy.Tag };
    }

    private Mutation EmptyValue(string type, int seq)
    {
        var fields = Valid(type, seq);
        int i;
        do
        {
            i = _random.Next(fields.Count);
        }
        while (fields[i].Tag == 34);
        fields[i] = (fields[i].Tag, "");
        return new Mutation(MutationClass.EmptyValue, type, RawFix.Frame(fields), Outcome.Rejected) { Reason = 4, RefTag = fields[i].Tag };
    }

    private Mutation MissingRequiredTag(string type, int seq)
    {
        var fields = Valid(type, seq);
        int tag = Pick(RequiredTags[type]);
        fields.RemoveAll(f => f.Tag == tag);
        return new Mutation(MutationClass.MissingRequiredTag, type, RawFix.Frame(fields), Outcome.Rejected) { Reason = 1, RefTag = tag };
    }

    private Mutation NonNumeric(int seq)
    {
        string type = Pick(["D", "G"]);
        var fields = Valid(type, seq);
        int tag = Pick([38, 44]);
        fields[fields.FindIndex(f => f.Tag == tag)] = (tag, Pick(NonNumbers));
        return new Mutation(MutationClass.NonNumeric, type, RawFix.Frame(fields), Outcome.Rejected) { Reason = 6, RefTag = tag };
    }

    private Mutation UndefinedEnum(int seq)
    {
        var (type, tag, values) = Enums[_random.Next(Enums.Length)];
        var fields = Valid(type, seq);
        fields[fields.FindIndex(f => f.Tag == tag)] = (tag, Pick(values));
        return new Mutation(MutationClass.UndefinedEnum, type, RawFix.Frame(fields), Outcome.Rejected) { Reason = 5, RefTag = tag };
    }

    private Mutation InvalidMsgType(string type, int seq)
    {
        var fields = Valid(type, seq);
        fields[0] = (35, Pick(InvalidMsgTypes));
        return new Mutation(MutationClass.InvalidMsgType, type, RawFix.Frame(fields), Outcome.Rejected) { Reason = 11, RefTag = 35 };
    }

    private Mutation StaleResend(string type, int seq)
    {
        // An already used MsgSeqNum marked as a possible duplicate: ignored, even when its content was never seen.
        var fields = Valid(type, _random.Next(1, seq));
        fields.Insert(5, (43, "Y"));
        fields.Insert(6, (122, RawFix.Value(fields, 52)));
        return new Mutation(MutationClass.StaleResend, type, RawFix.Frame(fields), Outcome.Ignored);
    }

    private Mutation Trickled(string type, int seq)
    {
        int pause = _random.Next(10) == 0 ? _random.Next(3, 20) : 0;
        if (_random.Next(2) == 0)
        {
            // A mutated message delivered a byte at a time is answered as if it came whole.
            var kind = (MutationClass)_random.Next((int)MutationClass.InvalidMsgType + 1);
            var inner = Next(kind, seq);
            return inner with { Class = MutationClass.Trickled, BaseType = $"{inner.Class} of {inner.BaseType}", Trickle = true, PauseEvery = pause };
        }

        type = Pick(["D", "0", "1"]);
        var fields = Valid(type, seq, "V");
        return new Mutation(MutationClass.Trickled, type, RawFix.Frame(fields), Outcome.Processed)
        {
            ClOrdId = type == "D" ? RawFix.Value(fields, 11) : null,
            TestReqId = type == "1" ? RawFix.Value(fields, 112) : null,
            Trickle = true,
            PauseEvery = pause,
        };
    }

    private Mutation Dropped(string type, int seq)
    {
        byte[] framed = RawFix.Frame(Valid(type, seq));
        return new Mutation(MutationClass.DroppedMidMessage, type, framed[.._random.Next(1, framed.Length)], Outcome.Dropped);
    }

    private Mutation Oversize(string type, int seq)
    {
        var fields = Valid(type, seq);
        if (_random.Next(2) == 0)
        {
            // Declared too large: refused as soon as BodyLength is read.
            byte[] framed = RawFix.Frame(fields);
            byte[] declared = RawFix.WithBodyLength(framed, _random.Next(_maxMessageBytes, 10_000_000).ToString(CultureInfo.InvariantCulture));
            return new Mutation(MutationClass.Oversize, type, declared[..(declared.Length - 7)], Outcome.LoggedOut);
        }

        fields.Add((58, new string('x', _maxMessageBytes + _random.Next(100))));
        return new Mutation(MutationClass.Oversize, type, RawFix.Frame(fields), Outcome.LoggedOut);
    }

    private Mutation WrongBeginString(string type, int seq)
    {
        string framed = Encoding.ASCII.GetString(RawFix.Frame(Valid(type, seq)));
        return new Mutation(MutationClass.WrongBeginString, type, RawFix.Ascii("8=" + Pick(OtherVersions) + framed[9..]), Outcome.LoggedOut);
    }

    private Mutation SeqTooLow(string type, int seq) =>
        new(MutationClass.SeqTooLow, type, RawFix.Frame(Valid(type, _random.Next(1, seq))), Outcome.LoggedOut);

    private Mutation NoMsgSeqNum(string type, int seq)
    {
        var fields = Valid(type, seq);
        int at = fields.FindIndex(f => f.Tag == 34);
        string? value = Pick<string?>([null, "", "x", "0", "-1"]);
        if (value is null)
        {
            fields.RemoveAt(at);
        }
        else
        {
            fields[at] = (34, value);
        }

        return new Mutation(MutationClass.NoMsgSeqNum, type, RawFix.Frame(fields), Outcome.LoggedOut);
    }

    private static byte[] Replace(byte[] framed, string what, string with) =>
        RawFix.Ascii(Encoding.ASCII.GetString(framed).Replace(what, with, StringComparison.Ordinal));

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];
}
