namespace HybridMargin.Books.Json;

/// <summary>Validates <c>assets</c> and indexes their symbols.</summary>
internal static class AssetMapper
{
    private const string Path = "assets";

    public static List<Asset> Map(List<AssetDto?>? dtos, SymbolTable symbols)
    {
        if (dtos is null)
        {
            throw Fields.Missing(JsonPath.Root, Path);
        }

        if (dtos.Count == 0)
        {
            throw new BookException(Path, "must list at least one asset");
        }

        var assets = new List<Asset>(dtos.Count);
        for (int i = 0; i < dtos.Count; i++)
        {
            string path = JsonPath.Element(Path, i);
            assets.Add(MapOne(Fields.Element(dtos[i], path), i, path, symbols));
        }

        return assets;
    }

    private static Asset MapOne(AssetDto dto, int index, string path, SymbolTable symbols)
    {
        string symbol = Symbol(dto, path);
        symbols.Add(symbol, index, JsonPath.Member(path, "symbol"));
        return new Asset
        {
            Index = index,
            Symbol = symbol,
            Price = Fields.Required(dto.Price, path, "price", NumberRange.Positive),
            Vol = Fields.Required(dto.Vol, path, "vol", NumberRange.Positive),
            VolOfVol = Fields.Optional(dto.VolOfVol, 0, path, "volOfVol", NumberRange.NonNegative),
            SpotVolCorrelation = Fields.Optional(dto.SpotVolCorrelation, 0, path, "spotVolCorrelation", NumberRange.Correlation),
            Haircut = Fields.Optional(dto.Haircut, 0, path, "haircut", NumberRange.Haircut),
            PriceRange = Fields.Optional(dto.PriceRange, 0, path, "priceRange", NumberRange.NonNegative),
            VolShock = Fields.Optional(dto.VolShock, 0, path, "volShock", NumberRange.NonNegative),
            ShortOptionMinimum = Fields.Optional(dto.ShortOptionMinimum, 0, path, "shortOptionMinimum", NumberRange.NonNegative),
        };
    }

    private static string Symbol(AssetDto dto, string path)
    {
        string symbol = Fields.RequiredText(dto.Symbol, path, "symbol");

        // Correlation keys are "A/B"; a slash inside a symbol would make them ambiguous.
        if (symbol.Contains(CorrelationMapper.Separator, StringComparison.Ordinal))
        {
            throw new BookException(JsonPath.Member(path, "symbol"), $"must not contain '{CorrelationMapper.Separator}' (it separates the assets of a correlation key): '{symbol}'");
        }

        return symbol;
    }
}
