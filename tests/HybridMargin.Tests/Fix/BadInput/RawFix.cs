using System.Globalization;
using System.Text;
using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>
/// Messages as editable field lists (35= first, without 8, 9 and 10) so a test can mutate any field, then frame them
/// with the test client's own BodyLength and CheckSum arithmetic.
/// </summary>
internal static class RawFix
{
    public const char Soh = '\u0001';

    /// <summary>Header (35, 49, 56, 34, 52) and the given body fields.</summary>
    public static List<(int Tag, string Value)> Message(string msgType, string sender, string target, int seq, params (int Tag, string Value)[] body)
    {
        var fields = new List<(int Tag, string Value)>
        {
            (35, msgType), (49, sender), (56, target), (34, seq.ToString(CultureInfo.InvariantCulture)), (52, FixTestClient.Now()),
        };
        fields.AddRange(body);
        return fields;
    }

    /// <summary>A limit NewOrderSingle: buy 1 BTC-PERP at 90000 for <paramref name="account"/>.</summary>
    public static List<(int Tag, string Value)> NewOrder(string sender, int seq, string clOrdId, string account, double quantity = 1, string target = "HM") =>
        Message("D", sender, target, seq,
            (1, account), (11, clOrdId), (55, "BTC-PERP"), (54, "1"), (38, quantity.ToString(CultureInfo.InvariantCulture)), (40, "2"), (44, "90000"), (59, "0"), (60, FixTestClient.Now()));

    /// <summary>An OrderCancelRequest for the order <paramref name="origClOrdId"/> (buy BTC-PERP).</summary>
    public static List<(int Tag, string Value)> Cancel(string sender, int seq, string clOrdId, string origClOrdId, string target = "HM") =>
        Message("F", sender, target, seq, (41, origClOrdId), (11, clOrdId), (54, "1"), (55, "BTC-PERP"), (60, FixTestClient.Now()));

    /// <summary>An OrderCancelReplaceRequest of <paramref name="origClOrdId"/> to quantity 2 at 90000.</summary>
    public static List<(int Tag, string Value)> Replace(string sender, int seq, string clOrdId, string origClOrdId, string account, string target = "HM") =>
        Message("G", sender, target, seq,
            (41, origClOrdId), (11, clOrdId), (1, account), (55, "BTC-PERP"), (54, "1"), (38, "2"), (40, "2"), (44, "90000"), (60, FixTestClient.Now()));

    public static List<(int Tag, string Value)> Heartbeat(string sender, int seq, string target = "HM") => Message("0", sender, target, seq);

    public static List<(int Tag, string Value)> TestRequest(string sender, int seq, string id, string target = "HM") => Message("1", sender, target, seq, (112, id));

    /// <summary>"tag=value&lt;SOH&gt;" for every field.</summary>
    public static string Body(IEnumerable<(int Tag, string Value)> fields)
    {
        var body = new StringBuilder();
        foreach (var (tag, value) in fields)
        {
            body.Append(CultureInfo.InvariantCulture, $"{tag}={value}{Soh}");
        }

        return body.ToString();
    }

    /// <summary>The whole message with a correct BodyLength and CheckSum.</summary>
    public static byte[] Frame(IEnumerable<(int Tag, string Value)> fields) => Ascii(FixTestClient.Frame(Body(fields)));

    /// <summary>The framed message with its CheckSum value (the 3 bytes after the last "10=") replaced.</summary>
    public static byte[] WithChecksum(byte[] framed, string value)
    {
        string text = Encoding.ASCII.GetString(framed);
        int at = text.LastIndexOf($"{Soh}10=", StringComparison.Ordinal) + 4;
        return Ascii(string.Concat(text.AsSpan(0, at), value, text.AsSpan(at + 3)));
    }

    /// <summary>The CheckSum the framed message carries.</summary>
    public static int Checksum(byte[] framed) => int.Parse(Encoding.ASCII.GetString(framed, framed.Length - 4, 3), CultureInfo.InvariantCulture);

    /// <summary>The framed message with its BodyLength value replaced (the CheckSum is recomputed, so only the length is wrong).</summary>
    public static byte[] WithBodyLength(byte[] framed, string value)
    {
        string text = Encoding.ASCII.GetString(framed);
        int start = text.IndexOf($"{Soh}9=", StringComparison.Ordinal) + 3;
        int end = text.IndexOf(Soh, start);
        string head = string.Concat(text.AsSpan(0, start), value, text.AsSpan(end, text.Length - 7 - end));
        int sum = 0;
        foreach (byte b in Ascii(head))
        {
            sum += b;
        }

        return Ascii(head + $"10={sum % 256:000}{Soh}");
    }

    /// <summary>The BodyLength the framed message declares.</summary>
    public static int BodyLength(byte[] framed)
    {
        string text = Encoding.ASCII.GetString(framed);
        int start = text.IndexOf($"{Soh}9=", StringComparison.Ordinal) + 3;
        return int.Parse(text.AsSpan(start, text.IndexOf(Soh, start) - start), CultureInfo.InvariantCulture);
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static string Value(List<(int Tag, string Value)> fields, int tag) => fields.First(f => f.Tag == tag).Value;

    /// <summary>Printable form for failure messages: SOH as |, other control and non-ASCII bytes as \xNN.</summary>
    public static string Show(ReadOnlySpan<byte> bytes, int max = 200)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, max)])
        {
            text.Append(b == 1 ? "|" : b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return bytes.Length > max ? text.Append(CultureInfo.InvariantCulture, $"…({bytes.Length} bytes)").ToString() : text.ToString();
    }
}
