namespace HybridMargin.Books.Json;

/// <summary>
/// One element of <c>instruments</c>. Kind, right and expiry stay strings here so that the mapper can say
/// which values are allowed instead of surfacing a serializer conversion error.
/// </summary>
internal sealed class InstrumentDto
{
    public string? Symbol { get; init; }

    public string? Kind { get; init; }

    public string? Underlying { get; init; }

    public string? Quote { get; init; }

    public double? Multiplier { get; init; }

    public string? Expiry { get; init; }

    public double? Strike { get; init; }

    public string? Right { get; init; }

    public double? Iv { get; init; }
}
