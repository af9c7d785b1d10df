using System.Globalization;
using System.Text;
using HybridMargin.Engine;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// UTF-8 names prepared once, so the log writes bytes instead of formatting enums and symbols on every line: every
/// value of a byte-sized enum has an entry (an undefined value, as a corrupt-but-checksummed record could hold, is
/// written as its number).
/// </summary>
internal static class Utf8Names
{
    /// <summary>The name of every <see cref="RejectCode"/> value, with <see cref="RejectCode.None"/> as <c>Accepted</c> (the word of an order's decision).</summary>
    public static readonly byte[][] Decisions = Table<RejectCode>(code => code == RejectCode.None ? "Accepted" : code.ToString());

    /// <summary>The name of every <see cref="RejectCode"/> value, with <see cref="RejectCode.None"/> as <c>Ok</c> (the word of another event's result).</summary>
    public static readonly byte[][] Results = Table<RejectCode>(code => code == RejectCode.None ? "Ok" : code.ToString());

    /// <summary>The name of every <see cref="Journal.JournalEventKind"/> value.</summary>
    public static readonly byte[][] Kinds = Table<Journal.JournalEventKind>(kind => kind.ToString());

    /// <summary>The name of every <see cref="Side"/> value.</summary>
    public static readonly byte[][] Sides = Table<Side>(side => side.ToString());

    /// <summary>The name of every <see cref="OrderType"/> value.</summary>
    public static readonly byte[][] OrderTypes = Table<OrderType>(type => type.ToString());

    /// <summary>UTF-8 of each string.</summary>
    public static byte[][] Of(IEnumerable<string> names) => names.Select(Encoding.UTF8.GetBytes).ToArray();

    private static byte[][] Table<T>(Func<T, string> name)
        where T : struct, Enum
    {
        var table = new byte[256][];
        for (int i = 0; i < table.Length; i++)
        {
            var value = (T)Enum.ToObject(typeof(T), i);
            table[i] = Encoding.UTF8.GetBytes(Enum.IsDefined(value) ? name(value) : i.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }
}
