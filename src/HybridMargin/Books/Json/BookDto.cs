namespace HybridMargin.Books.Json;

/// <summary>
/// The book document as written (SPEC §3). Every member is nullable so that "missing" reaches
/// <see cref="BookMapper"/>, which reports it with the path of the absent value.
/// </summary>
internal sealed class BookDto
{
    public string? AsOf { get; init; }

    public ParametersDto? Parameters { get; init; }

    public List<AssetDto?>? Assets { get; init; }

    public Dictionary<string, double>? Correlations { get; init; }

    public List<InstrumentDto?>? Instruments { get; init; }

    public List<AccountDto?>? Accounts { get; init; }
}
