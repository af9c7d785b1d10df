namespace HybridMargin.Books.Json;

/// <summary>One element of an account's <c>positions</c>.</summary>
internal sealed class PositionDto
{
    public string? Instrument { get; init; }

    public double? Qty { get; init; }

    public double? EntryPrice { get; init; }
}
