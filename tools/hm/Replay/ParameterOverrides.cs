using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HybridMargin.Books;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// The <c>--params</c> file of <c>hm replay</c>: overrides of the book's risk parameters and account limits for the
/// shadow run, e.g. <c>{ "parameters": { "imMultiplier": 2 }, "limits": { "DIRECT1": { "maxOrderQty": 100 } } }</c>.
/// Each member given replaces the book's member of that name; members not given keep the book's values. The
/// overrides are merged into the book's own JSON and the result goes through <see cref="BookLoader"/>, so the field
/// names, ranges and strictness (unknown or duplicate members, non-finite numbers) are exactly the book's, and an
/// error names the field by its path in this file (<c>parameters.imMultiplier</c>, <c>limits.DIRECT1.priceBand</c>).
/// </summary>
internal sealed partial class ParameterOverrides
{
    private const string ParametersMember = "parameters";
    private const string LimitsMember = "limits";

    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private readonly string _path;
    private readonly JsonElement? _parameters;
    private readonly Dictionary<string, JsonElement> _limits;

    private ParameterOverrides(string path, JsonElement? parameters, Dictionary<string, JsonElement> limits)
    {
        _path = path;
        _parameters = parameters;
        _limits = limits;
    }

    /// <summary>Reads and checks the shape of the file at <paramref name="path"/> against <paramref name="book"/>'s accounts.</summary>
    /// <exception cref="ReplayInputException">The file cannot be read or is not a parameters file.</exception>
    public static ParameterOverrides Load(string path, Book book)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplayInputException($"{path}: {e.Message}", e);
        }

        using var document = Parse(path, bytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ReplayInputException($"{path}: expected an object with \"{ParametersMember}\" and/or \"{LimitsMember}\", got {Describe(root.ValueKind)}");
        }

        JsonElement? parameters = null;
        var limits = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case ParametersMember:
                    parameters = ExpectObject(path, ParametersMember, member.Value).Clone();
                    break;
                case LimitsMember:
                    foreach (var account in ExpectObject(path, LimitsMember, member.Value).EnumerateObject())
                    {
                        string accountPath = LimitsPath(account.Name);
                        if (book.FindAccount(account.Name) < 0)
                        {
                            throw new ReplayInputException($"{path}: {accountPath}: no account '{account.Name}' in the book");
                        }

                        limits[account.Name] = ExpectObject(path, accountPath, account.Value).Clone();
                    }

                    break;
                default:
                    throw new ReplayInputException($"{path}: {member.Name}: unknown field '{member.Name}' (a parameters file has \"{ParametersMember}\" and \"{LimitsMember}\")");
            }
        }

        return new ParameterOverrides(path, parameters, limits);
    }

    /// <summary>The book of the shadow run: <paramref name="bookJson"/> (the replay book's document) with the overrides merged in.</summary>
    /// <exception cref="ReplayInputException">An override is not a valid value for its field.</exception>
    public Book ApplyTo(ReadOnlySpan<byte> bookJson)
    {
        // The book loader allows a byte-order mark; the document reader does not.
        if (bookJson.StartsWith("\uFEFF"u8))
        {
            bookJson = bookJson[3..];
        }

        using var book = JsonDocument.Parse(bookJson.ToArray());
        var merged = new ArrayBufferWriter<byte>(bookJson.Length + 1024);
        using (var writer = new Utf8JsonWriter(merged))
        {
            WriteBook(writer, book.RootElement);
        }

        try
        {
            return BookLoader.Parse(merged.WrittenSpan);
        }
        catch (BookException e)
        {
            throw new ReplayInputException($"{_path}: {InThisFile(e.Path, book.RootElement)}: {e.Problem}", e);
        }
    }

    private static JsonDocument Parse(string path, byte[] bytes)
    {
        // The reader takes bytes verbatim and would call a byte-order mark an invalid start of a value.
        var utf8 = bytes.AsMemory();
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            return JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException e)
        {
            throw new ReplayInputException($"{path}: {Describe(e)}", e);
        }
    }

    /// <summary>The reader's complaint in the book loader's words: what is wrong with the text, and where.</summary>
    private static string Describe(JsonException error)
    {
        string message = error.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = (cut < 0 ? message : message[..cut])
            .Replace(" Change the reader options.", string.Empty, StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", string.Empty, StringComparison.Ordinal)
            .TrimEnd('.', ' ');
        var duplicate = DuplicateMessage().Match(message);
        string problem = duplicate.Success ? $"duplicate key '{duplicate.Groups[1].Value}': each member may appear only once" : "malformed JSON: " + message;
        return error.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"{problem} (line {line + 1}, byte {(error.BytePositionInLine ?? 0) + 1})")
            : problem;
    }

    private static JsonElement ExpectObject(string path, string member, JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
            ? value
            : throw new ReplayInputException($"{path}: {member}: expected an object, got {Describe(value.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    /// <summary>The path of an account's limits in this file, in the book loader's style (<c>limits.DIRECT1</c>, <c>limits["a b"]</c>).</summary>
    private static string LimitsPath(string account) =>
        PlainName().IsMatch(account) ? LimitsMember + "." + account : LimitsMember + "[\"" + account.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";

    /// <summary>Rewrites the loader's path of a merged value (<c>accounts[3].limits.priceBand</c>) into its path in this file.</summary>
    private static string InThisFile(string bookPath, JsonElement book)
    {
        var match = AccountLimitsPath().Match(bookPath);
        if (!match.Success || !book.TryGetProperty("accounts", out var accounts))
        {
            return bookPath;
        }

        int index = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        return index < accounts.GetArrayLength() && accounts[index].TryGetProperty("id", out var id) && id.GetString() is { } name
            ? LimitsPath(name) + match.Groups[2].Value
            : bookPath;
    }

    private void WriteBook(Utf8JsonWriter writer, JsonElement book)
    {
        writer.WriteStartObject();
        bool parametersWritten = false;
        foreach (var member in book.EnumerateObject())
        {
            if (member.NameEquals(ParametersMember) && _parameters is { } parameters)
            {
                writer.WritePropertyName(member.Name);
                WriteMerged(writer, member.Value, parameters);
                parametersWritten = true;
            }
            else if (member.NameEquals("accounts") && _limits.Count > 0 && member.Value.ValueKind == JsonValueKind.Array)
            {
                writer.WritePropertyName(member.Name);
                WriteAccounts(writer, member.Value);
            }
            else
            {
                member.WriteTo(writer);
            }
        }

        if (!parametersWritten && _parameters is { } added)
        {
            writer.WritePropertyName(ParametersMember);
            added.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private void WriteAccounts(Utf8JsonWriter writer, JsonElement accounts)
    {
        writer.WriteStartArray();
        foreach (var account in accounts.EnumerateArray())
        {
            if (account.ValueKind != JsonValueKind.Object
                || !account.TryGetProperty("id", out var id)
                || id.GetString() is not { } name
                || !_limits.TryGetValue(name, out var limits))
            {
                account.WriteTo(writer);
                continue;
            }

            writer.WriteStartObject();
            bool limitsWritten = false;
            foreach (var member in account.EnumerateObject())
            {
                if (member.NameEquals(LimitsMember))
                {
                    writer.WritePropertyName(member.Name);
                    WriteMerged(writer, member.Value, limits);
                    limitsWritten = true;
                }
                else
                {
                    member.WriteTo(writer);
                }
            }

            if (!limitsWritten)
            {
                writer.WritePropertyName(LimitsMember);
                limits.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="original"/>'s members with those <paramref name="overrides"/> names replaced, then the overrides it lacks.</summary>
    private static void WriteMerged(Utf8JsonWriter writer, JsonElement original, JsonElement overrides)
    {
        writer.WriteStartObject();
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (original.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in original.EnumerateObject())
            {
                written.Add(member.Name);
                if (overrides.TryGetProperty(member.Name, out var replacement))
                {
                    writer.WritePropertyName(member.Name);
                    replacement.WriteTo(writer);
                }
                else
                {
                    member.WriteTo(writer);
                }
            }
        }

        foreach (var member in overrides.EnumerateObject())
        {
            if (!written.Contains(member.Name))
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex PlainName();

    [GeneratedRegex(@"^Duplicate propert[a-z]* '([^']*)'")]
    private static partial Regex DuplicateMessage();

    [GeneratedRegex(@"^accounts\[(\d+)\]\.limits(.*)$")]
    private static partial Regex AccountLimitsPath();
}
