namespace HybridMargin.Books.Json;

/// <summary>One element of <c>accounts</c>.</summary>
internal sealed class AccountDto
{
    public string? Id { get; init; }

    public Dictionary<string, double>? Balances { get; init; }

    public List<PositionDto?>? Positions { get; init; }

    public LimitsDto? Limits { get; init; }
}
