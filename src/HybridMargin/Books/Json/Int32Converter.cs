using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridMargin.Books.Json;

/// <summary>
/// Reads the book's integers (counts, seed). Accepts any JSON number that is a whole value in range, so
/// <c>1e4</c> is 10000, and says why a value is refused rather than "could not be converted".
/// </summary>
internal sealed class Int32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new InvalidValueException($"expected an integer, got {InvalidValueException.Describe(ref reader)}");
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw new InvalidValueException($"not a finite number: {InvalidValueException.RawText(ref reader)}");
        }

        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
        {
            throw new InvalidValueException($"expected a 32-bit integer, got {InvalidValueException.RawText(ref reader)}");
        }

        return (int)value;
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
