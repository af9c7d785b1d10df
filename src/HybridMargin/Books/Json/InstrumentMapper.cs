namespace HybridMargin.Books.Json;

/// <summary>Validates <c>instruments</c>: kind-specific members, references to assets, times to expiry.</summary>
internal static class InstrumentMapper
{
    /// <summary>The quote asset when an instrument names none.</summary>
    public const string DefaultQuote = "USDT";

    private const string Path = "instruments";

    private const double SecondsPerYear = 365.0 * 86_400;

    public static List<Instrument> Map(List<InstrumentDto?>? dtos, SymbolTable assetSymbols, DateTimeOffset asOf, SymbolTable symbols)
    {
        if (dtos is null)
        {
            throw Fields.Missing(JsonPath.Root, Path);
        }

        var instruments = new List<Instrument>(dtos.Count);
        for (int i = 0; i < dtos.Count; i++)
        {
            string path = JsonPath.Element(Path, i);
            instruments.Add(MapOne(Fields.Element(dtos[i], path), i, path, assetSymbols, asOf, symbols));
        }

        return instruments;
    }

    private static Instrument MapOne(InstrumentDto dto, int index, string path, SymbolTable assetSymbols, DateTimeOffset asOf, SymbolTable symbols)
    {
        string symbol = Fields.RequiredText(dto.Symbol, path, "symbol");
        symbols.Add(symbol, index, JsonPath.Member(path, "symbol"));
        var kind = Kind(Fields.RequiredText(dto.Kind, path, "kind"), path);
        int underlying = assetSymbols.Resolve(Fields.RequiredText(dto.Underlying, path, "underlying"), JsonPath.Member(path, "underlying"));
        var expiry = Expiry(dto, kind, path);
        bool isOption = kind == InstrumentKind.Option;
        if (!isOption)
        {
            RejectOptionMembers(dto, kind, path);
        }

        return new Instrument
        {
            Index = index,
            Symbol = symbol,
            Kind = kind,
            Underlying = underlying,
            Quote = Quote(dto, kind, underlying, assetSymbols, path),
            Multiplier = Multiplier(dto, kind, path),
            Expiry = expiry,
            YearsToExpiry = expiry is { } e ? (e - asOf).TotalSeconds / SecondsPerYear : 0,
            Strike = isOption ? Fields.Required(dto.Strike, path, "strike", NumberRange.Positive) : 0,
            Right = isOption ? Right(Fields.RequiredText(dto.Right, path, "right"), path) : default,
            ImpliedVol = isOption ? Fields.Required(dto.Iv, path, "iv", NumberRange.Positive) : 0,
        };
    }

    private static InstrumentKind Kind(string text, string path) => text switch
    {
        "spot" => InstrumentKind.Spot,
        "perpetual" => InstrumentKind.Perpetual,
        "future" => InstrumentKind.Future,
        "option" => InstrumentKind.Option,
        _ => throw new BookException(JsonPath.Member(path, "kind"), $"must be one of spot, perpetual, future, option; got '{text}'"),
    };

    private static OptionRight Right(string text, string path) => text switch
    {
        "call" => OptionRight.Call,
        "put" => OptionRight.Put,
        _ => throw new BookException(JsonPath.Member(path, "right"), $"must be call or put; got '{text}'"),
    };

    private static string KindName(InstrumentKind kind) => kind.ToString().ToLowerInvariant();

    private static DateTimeOffset? Expiry(InstrumentDto dto, InstrumentKind kind, string path)
    {
        if (kind is InstrumentKind.Spot or InstrumentKind.Perpetual)
        {
            Fields.NotAllowed(dto.Expiry, path, "expiry", $"on a {KindName(kind)} instrument (it does not expire)");
            return null;
        }

        string text = Fields.RequiredText(dto.Expiry, path, "expiry");
        return IsoTimestamp.Parse(text, JsonPath.Member(path, "expiry"));
    }

    private static void RejectOptionMembers(InstrumentDto dto, InstrumentKind kind, string path)
    {
        string reason = $"on a {KindName(kind)} instrument (options only)";
        Fields.NotAllowed(dto.Strike, path, "strike", reason);
        Fields.NotAllowed(dto.Right, path, "right", reason);
        Fields.NotAllowed(dto.Iv, path, "iv", reason);
    }

    private static double Multiplier(InstrumentDto dto, InstrumentKind kind, string path)
    {
        double multiplier = Fields.Optional(dto.Multiplier, 1, path, "multiplier", NumberRange.Positive);

        // A spot trade moves balances one for one; a multiplier there would mean a different asset.
        if (kind == InstrumentKind.Spot && multiplier != 1)
        {
            throw new BookException(JsonPath.Member(path, "multiplier"), $"must be 1 on a spot instrument, got {NumberRange.Format(multiplier)}");
        }

        return multiplier;
    }

    /// <summary>
    /// Spot trades and option premiums move the quote balance, so those instruments need the quote asset.
    /// Futures and perpetuals settle only P&amp;L against equity: a book without USDT may still list them, and their
    /// quote then falls back to the underlying. A quote that is written down must exist, whatever the kind.
    /// </summary>
    private static int Quote(InstrumentDto dto, InstrumentKind kind, int underlying, SymbolTable assetSymbols, string path)
    {
        string quotePath = JsonPath.Member(path, "quote");
        if (dto.Quote is not null)
        {
            int quote = assetSymbols.Resolve(Fields.RequiredText(dto.Quote, path, "quote"), quotePath);
            if (kind == InstrumentKind.Spot && quote == underlying)
            {
                throw new BookException(quotePath, $"a spot instrument cannot be quoted in its own underlying '{dto.Quote}'");
            }

            return quote;
        }

        if (assetSymbols.TryFind(DefaultQuote, out int defaultQuote))
        {
            if (kind == InstrumentKind.Spot && defaultQuote == underlying)
            {
                throw new BookException(quotePath, $"a spot instrument on {DefaultQuote} needs a quote asset other than the default {DefaultQuote}");
            }

            return defaultQuote;
        }

        if (kind is InstrumentKind.Spot or InstrumentKind.Option)
        {
            throw new BookException(quotePath, $"unknown asset '{DefaultQuote}' (the default quote; a {KindName(kind)} instrument needs its quote asset in assets, or name another quote)");
        }

        return underlying;
    }
}
