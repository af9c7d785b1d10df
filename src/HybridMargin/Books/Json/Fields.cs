namespace HybridMargin.Books.Json;

/// <summary>
/// Checks of single members of a DTO. Each takes the owner's path and the member's JSON name and builds the
/// member path only when it throws, so that valid books pay nothing for error reporting.
/// </summary>
internal static class Fields
{
    public static string RequiredText(string? value, string owner, string field)
    {
        if (value is null)
        {
            throw Missing(owner, field);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new BookException(JsonPath.Member(owner, field), "must not be empty");
        }

        return value;
    }

    public static double Required(double? value, string owner, string field, NumberRange range) =>
        value is { } v ? InRange(v, owner, field, range) : throw Missing(owner, field);

    public static double Optional(double? value, double fallback, string owner, string field, NumberRange range) =>
        value is { } v ? InRange(v, owner, field, range) : fallback;

    public static double? OptionalOrNull(double? value, string owner, string field, NumberRange range) =>
        value is { } v ? InRange(v, owner, field, range) : null;

    public static int Optional(int? value, int fallback, string owner, string field, NumberRange range) =>
        value is { } v ? (int)InRange(v, owner, field, range) : fallback;

    public static int? OptionalOrNull(int? value, string owner, string field, NumberRange range) =>
        value is { } v ? (int)InRange(v, owner, field, range) : null;

    /// <summary>Rejects a member that has no meaning for this kind of object, rather than silently ignoring it.</summary>
    public static void NotAllowed(object? value, string owner, string field, string reason)
    {
        if (value is not null)
        {
            throw new BookException(JsonPath.Member(owner, field), $"not allowed {reason}");
        }
    }

    /// <summary>Rejects <c>null</c> elements of arrays, which the serializer lets through.</summary>
    public static T Element<T>(T? value, string path)
        where T : class =>
        value ?? throw new BookException(path, "expected an object, got null");

    public static BookException Missing(string owner, string field) =>
        new(JsonPath.Member(owner, field), "is required");

    public static double InRange(double value, string owner, string field, NumberRange range) =>
        range.Contains(value)
            ? value
            : throw new BookException(JsonPath.Member(owner, field), $"must be {range}, got {NumberRange.Format(value)}");
}
