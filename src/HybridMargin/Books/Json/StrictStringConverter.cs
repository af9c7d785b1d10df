using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridMargin.Books.Json;

/// <summary>
/// Reads the book's strings. The built-in converter's error for a number where a string belongs names the
/// enclosing type (source generation inlines it), which tells a person editing the file nothing.
/// </summary>
internal sealed class StrictStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InvalidValueException($"expected a string, got {InvalidValueException.Describe(ref reader)}");
        }

        return reader.GetString()!;
    }

    /// <summary>Dictionary keys (balances, correlations, maxPosition) are strings by construction.</summary>
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString()!;

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value);
    }
}
