using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridMargin.Books.Json;

/// <summary>
/// Source-generated (reflection-free, AOT-safe) serializer metadata for the book document.
/// Strictness lives here: unknown and duplicate members are errors, numbers are never read from strings,
/// and the number converters reject non-finite and non-integral values with the serializer's path attached.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    Converters = [typeof(FiniteDoubleConverter), typeof(Int32Converter), typeof(StrictStringConverter)])]
[JsonSerializable(typeof(BookDto))]
internal sealed partial class BookJsonContext : JsonSerializerContext;
