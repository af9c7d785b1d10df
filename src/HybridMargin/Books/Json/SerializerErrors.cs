using System.Globalization;
using System.Text.Json;

namespace HybridMargin.Books.Json;

/// <summary>
/// Turns the serializer's <see cref="JsonException"/> into a <see cref="BookException"/>: the path in the
/// SPEC's style and a message for a person editing the file, not for a .NET developer.
/// </summary>
internal static class SerializerErrors
{
    public static BookException ToBookException(JsonException error)
    {
        string path = JsonPath.FromSerializer(error.Path, out string? member);
        return new BookException(path, Describe(error, member), error);
    }

    private static string Describe(JsonException error, string? member)
    {
        if (error is InvalidValueException)
        {
            return error.Message;
        }

        string message = WithoutLocation(error.Message);
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"unknown field '{member}'";
        }

        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return $"duplicate key '{member}': each member may appear only once";
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return WrongType(error, message);
        }

        // Everything else comes from the reader: the text is not JSON at all.
        return $"malformed JSON: {ReaderProblem(message)} ({Location(error)})";
    }

    // The reader's wording addresses the programmer who configured it; say what is wrong with the text instead.
    private static string ReaderProblem(string message)
    {
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "the document is empty";
        }

        if (message.Contains("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "the document ends before every object and array is closed";
        }

        return message.Replace(". Change the reader options", string.Empty, StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", string.Empty, StringComparison.Ordinal);
    }

    private static string WrongType(JsonException error, string message)
    {
        if (error.InnerException?.Message.Contains("UTF-8", StringComparison.Ordinal) == true)
        {
            return $"malformed JSON: invalid UTF-8 text ({Location(error)})";
        }

        // Scalars have converters with their own messages; what is left are the arrays and objects of the book.
        string target = message[(message.LastIndexOf("converted to", StringComparison.Ordinal) + "converted to".Length)..];
        bool isArray = target.Contains("List`1", StringComparison.Ordinal) || target.Contains("[]", StringComparison.Ordinal);
        return $"wrong JSON type: expected {(isArray ? "an array" : "an object")}";
    }

    private static string Location(JsonException error) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"line {(error.LineNumber ?? 0) + 1}, byte {(error.BytePositionInLine ?? 0) + 1}");

    // The serializer appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 5."; we report those ourselves.
    private static string WithoutLocation(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
    }
}
