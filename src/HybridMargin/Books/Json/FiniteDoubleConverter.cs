using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridMargin.Books.Json;

/// <summary>
/// Reads every <see cref="double"/> of the book (nullable ones through the serializer's wrapper, which keeps
/// <c>null</c> as "absent"). Depending on the runtime, the built-in converter either throws a generic error
/// or returns ±∞ for a literal that overflows a double (1e400); here both are one clear error.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new InvalidValueException($"expected a number, got {InvalidValueException.Describe(ref reader)}");
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw new InvalidValueException($"not a finite number: {InvalidValueException.RawText(ref reader)}");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
