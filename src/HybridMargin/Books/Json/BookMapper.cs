namespace HybridMargin.Books.Json;

/// <summary>
/// Turns the deserialized document into a validated <see cref="Book"/>. Sections are mapped in dependency order
/// (assets before the correlations, instruments and accounts that refer to them), so that every reference
/// is checked against what is already known.
/// </summary>
internal static class BookMapper
{
    public static Book ToBook(BookDto? dto)
    {
        if (dto is null)
        {
            throw new BookException(JsonPath.Document, "expected an object, got null");
        }

        var asOf = IsoTimestamp.Parse(Fields.RequiredText(dto.AsOf, JsonPath.Root, "asOf"), "asOf");
        var parameters = ParametersMapper.Map(dto.Parameters);

        var assetSymbols = new SymbolTable("asset");
        var assets = AssetMapper.Map(dto.Assets, assetSymbols);
        var correlations = CorrelationMapper.Map(dto.Correlations, assetSymbols, assets.Count);
        CovarianceCheck.EnsurePositiveSemiDefinite(assets, correlations, parameters.HorizonDays);

        var instrumentSymbols = new SymbolTable("instrument");
        var instruments = InstrumentMapper.Map(dto.Instruments, assetSymbols, asOf, instrumentSymbols);
        var accounts = AccountMapper.Map(dto.Accounts, assetSymbols, assets.Count, instruments, instrumentSymbols);

        return new Book(asOf, parameters, assets, correlations, instruments, accounts);
    }
}
