using System.Globalization;
using System.Text;

namespace HybridMargin.Tests.Fix.Codec;

/// <summary>
/// Hand-built FIX bytes for the codec tests: '|' stands for SOH, and BodyLength and CheckSum are computed here,
/// independently of the codec under test.
/// </summary>
internal static class FixText
{
    /// <summary>A heartbeat-sized session message.</summary>
    public const string HeartbeatBody = "35=0|34=8|49=CLIENT|56=HM|52=20240102-03:04:06.001|";

    /// <summary>A NewOrderSingle with PossDupFlag set.</summary>
    public const string NewOrderSingleBody =
        "35=D|34=7|49=CLIENT|56=HM|52=20240102-03:04:05.678|43=Y|11=ORD-1|1=ACC7|55=ESZ4|54=1|38=10|40=2|44=4512.25|59=0|60=20240102-03:04:05.600|";

    /// <summary>The bytes of <paramref name="text"/> with '|' turned into SOH; nothing added.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text.Replace('|', '\u0001'));

    /// <summary><c>8=FIX.4.4|9=len|</c> + <paramref name="body"/> + <c>10=sum|</c>.</summary>
    public static byte[] Message(string body) =>
        WithChecksum("8=FIX.4.4|9=" + Bytes(body).Length.ToString(CultureInfo.InvariantCulture) + "|" + body);

    /// <summary>Appends the correct trailer to whatever header and body are given (which may be wrong on purpose).</summary>
    public static byte[] WithChecksum(string headerAndBody)
    {
        byte[] head = Bytes(headerAndBody);
        return Concat(head, Bytes("10=" + Sum(head).ToString("D3", CultureInfo.InvariantCulture) + "|"));
    }

    /// <summary>The FIX checksum the slow, obvious way.</summary>
    public static int Sum(ReadOnlySpan<byte> bytes)
    {
        int sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return sum % 256;
    }

    /// <summary>Bytes back to text, SOH shown as '|'.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes).Replace('\u0001', '|');

    /// <summary>Index of <paramref name="fragment"/> ('|' for SOH) in <paramref name="bytes"/>.</summary>
    public static int IndexOf(byte[] bytes, string fragment) => bytes.AsSpan().IndexOf(Bytes(fragment));

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }

        return [.. all];
    }

    /// <summary>Every field of a well-formed message, in order, split without the codec.</summary>
    public static List<(int Tag, string Value)> Fields(byte[] message)
    {
        var fields = new List<(int, string)>();
        foreach (string field in Text(message).Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = field.IndexOf('=', StringComparison.Ordinal);
            fields.Add((int.Parse(field.AsSpan(0, eq), CultureInfo.InvariantCulture), field[(eq + 1)..]));
        }

        return fields;
    }
}
