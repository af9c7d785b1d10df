using System.Buffers;
using System.Text;
using System.Text.Json;

namespace HybridMargin.Books.Json;

/// <summary>
/// Thrown by the book's converters. Deriving from <see cref="JsonException"/> lets the serializer attach the
/// path of the value being read; the type tells <see cref="SerializerErrors"/> that the message is already
/// ours and needs no rewording.
/// </summary>
internal sealed class InvalidValueException : JsonException
{
    public InvalidValueException(string problem)
        : base(problem)
    {
    }

    public InvalidValueException()
    {
    }

    public InvalidValueException(string problem, Exception inner)
        : base(problem, inner)
    {
    }

    /// <summary>Names what the reader is positioned on, for "expected X, got Y" messages.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.Number => "the number " + RawText(ref reader),
        _ => reader.TokenType.ToString(),
    };

    /// <summary>The token as written, so that an overflowing literal like 1e400 is echoed verbatim.</summary>
    public static string RawText(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
}
