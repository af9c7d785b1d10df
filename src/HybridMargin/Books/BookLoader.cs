using System.Text.Json;
using HybridMargin.Books.Json;

namespace HybridMargin.Books;

/// <summary>
/// Reads a book (SPEC §3) from JSON. Parsing is strict — unknown or duplicate members, non-finite numbers,
/// missing required values and dangling references are all errors — and every error is a
/// <see cref="BookException"/> naming the JSON path of the offending value.
/// </summary>
public static class BookLoader
{
    /// <summary>Manifest name of the sample book embedded in the library (built from <c>samples/book.json</c>).</summary>
    public const string SampleResourceName = "HybridMargin.samples.book.json";

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads and validates the book file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of a UTF-8 JSON file (a byte-order mark is allowed).</param>
    /// <returns>The validated book.</returns>
    /// <exception cref="BookException">The file is not a valid book.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Book Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllBytes(path));
    }

    /// <summary>Validates a book given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The document; a leading byte-order mark is skipped.</param>
    /// <returns>The validated book.</returns>
    /// <exception cref="BookException">The document is not a valid book.</exception>
    public static Book Parse(ReadOnlySpan<byte> utf8Json)
    {
        // The serializer reads spans verbatim and would call a BOM an invalid start of a value.
        if (utf8Json.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..];
        }

        BookDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, BookJsonContext.Default.BookDto);
        }
        catch (JsonException error)
        {
            throw SerializerErrors.ToBookException(error);
        }

        return BookMapper.ToBook(dto);
    }

    /// <summary>Validates a book given as JSON text.</summary>
    /// <param name="json">The document; a leading byte-order mark is skipped.</param>
    /// <returns>The validated book.</returns>
    /// <exception cref="BookException">The document is not a valid book.</exception>
    public static Book Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        BookDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json.AsSpan().TrimStart('\uFEFF'), BookJsonContext.Default.BookDto);
        }
        catch (JsonException error)
        {
            throw SerializerErrors.ToBookException(error);
        }

        return BookMapper.ToBook(dto);
    }

    /// <summary>The JSON text of the embedded sample book (to derive variants of it).</summary>
    public static string SampleJson()
    {
        using var stream = typeof(BookLoader).Assembly.GetManifestResourceStream(SampleResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {SampleResourceName} is missing from {typeof(BookLoader).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the sample book embedded in the library (the book of <c>hm demo</c>).</summary>
    /// <returns>The validated sample book.</returns>
    /// <exception cref="InvalidOperationException">The library was built without the sample.</exception>
    public static Book LoadSample()
    {
        using var stream = typeof(BookLoader).Assembly.GetManifestResourceStream(SampleResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {SampleResourceName} is missing from {typeof(BookLoader).Assembly.GetName().Name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
