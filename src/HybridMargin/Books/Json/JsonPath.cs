using System.Globalization;

namespace HybridMargin.Books.Json;

/// <summary>
/// Paths of values in the book, in the style of the SPEC: <c>accounts[3].positions[0].qty</c>.
/// Member names that are not plain identifiers (correlation keys such as <c>BTC/ETH</c>) are written
/// <c>correlations["BTC/ETH"]</c>. Paths the serializer reports are rewritten into the same style.
/// </summary>
internal static class JsonPath
{
    /// <summary>The path of the whole document.</summary>
    public const string Document = "$";

    /// <summary>The parent path of top-level members.</summary>
    public const string Root = "";

    public static string Member(string parent, string name)
    {
        if (IsPlain(name))
        {
            return parent.Length == 0 ? name : parent + "." + name;
        }

        return parent + "[\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
    }

    public static string Element(string parent, int index) =>
        parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>
    /// Rewrites a System.Text.Json path (<c>$.a[0].b</c>, <c>$.m['B/E']</c>) into this style and returns the
    /// last member name in it, if any (the name of an unknown or duplicate member).
    /// </summary>
    public static string FromSerializer(string? serializerPath, out string? lastMember)
    {
        lastMember = null;
        if (string.IsNullOrEmpty(serializerPath) || serializerPath == "$" || serializerPath[0] != '$')
        {
            return Document;
        }

        string path = Root;
        int i = 1;
        while (i < serializerPath.Length)
        {
            if (serializerPath[i] == '.')
            {
                int end = serializerPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? serializerPath.Length : end;
                lastMember = serializerPath[(i + 1)..end];
                path = Member(path, lastMember);
                i = end;
            }
            else if (serializerPath.AsSpan(i).StartsWith("['"))
            {
                int end = QuotedNameEnd(serializerPath, i + 2);
                lastMember = serializerPath[(i + 2)..end];
                path = Member(path, lastMember);
                i = end + 2;
            }
            else
            {
                int end = serializerPath.IndexOf(']', i);
                end = end < 0 ? serializerPath.Length - 1 : end;
                path += serializerPath[i..(end + 1)];
                i = end + 1;
            }
        }

        return path.Length == 0 ? Document : path;
    }

    private static bool IsPlain(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    // The serializer does not escape quotes inside ['...'], so the name ends at the "']" that ends a segment.
    private static int QuotedNameEnd(string serializerPath, int start)
    {
        int end = start;
        while (true)
        {
            end = serializerPath.IndexOf("']", end, StringComparison.Ordinal);
            if (end < 0)
            {
                return Math.Max(start, serializerPath.Length - 2);
            }

            int next = end + 2;
            if (next == serializerPath.Length || serializerPath[next] == '.' || serializerPath[next] == '[')
            {
                return end;
            }

            end++;
        }
    }
}
