namespace HybridMargin.Books.Json;

/// <summary>Validates an account's <c>limits</c>; an absent limit stays null, meaning "not enforced".</summary>
internal static class LimitsMapper
{
    public static AccountLimits Map(LimitsDto? dto, SymbolTable instrumentSymbols, string path)
    {
        if (dto is null)
        {
            return new AccountLimits();
        }

        return new AccountLimits
        {
            MaxOrderQty = Fields.OptionalOrNull(dto.MaxOrderQty, path, "maxOrderQty", NumberRange.Positive),
            MaxOrderNotional = Fields.OptionalOrNull(dto.MaxOrderNotional, path, "maxOrderNotional", NumberRange.Positive),
            PriceBand = Fields.OptionalOrNull(dto.PriceBand, path, "priceBand", NumberRange.Positive),
            MaxOpenOrders = Fields.OptionalOrNull(dto.MaxOpenOrders, path, "maxOpenOrders", NumberRange.AtLeast(1)),
            MaxOrdersPerSecond = Fields.OptionalOrNull(dto.MaxOrdersPerSecond, path, "maxOrdersPerSecond", NumberRange.AtLeast(1)),
            MaxPosition = MaxPosition(dto.MaxPosition, instrumentSymbols, JsonPath.Member(path, "maxPosition")),
        };
    }

    private static Dictionary<int, double> MaxPosition(Dictionary<string, double>? dto, SymbolTable instrumentSymbols, string path)
    {
        var limits = new Dictionary<int, double>();
        if (dto is null)
        {
            return limits;
        }

        foreach (var (symbol, limit) in dto)
        {
            int instrument = instrumentSymbols.Resolve(symbol, JsonPath.Member(path, symbol));
            limits[instrument] = Fields.InRange(limit, path, symbol, NumberRange.NonNegative);
        }

        return limits;
    }
}
