namespace HybridMargin.Books.Json;

/// <summary>Validates <c>accounts</c>: balances by asset, derivative positions, limits.</summary>
internal static class AccountMapper
{
    private const string Path = "accounts";

    public static List<AccountSpec> Map(List<AccountDto?>? dtos, SymbolTable assetSymbols, int assetCount, IReadOnlyList<Instrument> instruments, SymbolTable instrumentSymbols)
    {
        if (dtos is null)
        {
            throw Fields.Missing(JsonPath.Root, Path);
        }

        var ids = new SymbolTable("account id");
        var accounts = new List<AccountSpec>(dtos.Count);
        for (int i = 0; i < dtos.Count; i++)
        {
            string path = JsonPath.Element(Path, i);
            var dto = Fields.Element(dtos[i], path);
            string id = Fields.RequiredText(dto.Id, path, "id");
            ids.Add(id, i, JsonPath.Member(path, "id"));
            accounts.Add(new AccountSpec
            {
                Index = i,
                Id = id,
                Balances = Balances(dto.Balances, assetSymbols, assetCount, path),
                Positions = Positions(dto.Positions, instruments, instrumentSymbols, path),
                Limits = LimitsMapper.Map(dto.Limits, instrumentSymbols, JsonPath.Member(path, "limits")),
            });
        }

        return accounts;
    }

    private static double[] Balances(Dictionary<string, double>? dto, SymbolTable assetSymbols, int assetCount, string owner)
    {
        var balances = new double[assetCount];
        if (dto is null)
        {
            return balances;
        }

        string path = JsonPath.Member(owner, "balances");
        foreach (var (symbol, amount) in dto)
        {
            balances[assetSymbols.Resolve(symbol, JsonPath.Member(path, symbol))] = amount;
        }

        return balances;
    }

    private static List<Position> Positions(List<PositionDto?>? dtos, IReadOnlyList<Instrument> instruments, SymbolTable instrumentSymbols, string owner)
    {
        var positions = new List<Position>(dtos?.Count ?? 0);
        if (dtos is null)
        {
            return positions;
        }

        string path = JsonPath.Member(owner, "positions");

        // The engine keeps one net position per instrument; two entries would be ambiguous, not additive.
        var held = new SymbolTable("position on instrument");
        for (int j = 0; j < dtos.Count; j++)
        {
            string positionPath = JsonPath.Element(path, j);
            var dto = Fields.Element(dtos[j], positionPath);
            string symbol = Fields.RequiredText(dto.Instrument, positionPath, "instrument");
            string instrumentPath = JsonPath.Member(positionPath, "instrument");
            var instrument = instruments[instrumentSymbols.Resolve(symbol, instrumentPath)];
            if (instrument.Kind == InstrumentKind.Spot)
            {
                throw new BookException(instrumentPath, $"'{symbol}' is a spot instrument: spot holdings are balances, put them in {JsonPath.Member(owner, "balances")}");
            }

            held.Add(symbol, j, instrumentPath);
            positions.Add(new Position(
                instrument.Index,
                Fields.Required(dto.Qty, positionPath, "qty", NumberRange.Any),
                EntryPrice(dto, instrument, positionPath)));
        }

        return positions;
    }

    /// <summary>
    /// Futures and perpetuals settle P&amp;L against the entry price, so they need it; for options the premium
    /// already moved through the quote balance and the entry price is only informational (NaN when absent).
    /// </summary>
    private static double EntryPrice(PositionDto dto, Instrument instrument, string path) =>
        instrument.Kind == InstrumentKind.Option
            ? Fields.Optional(dto.EntryPrice, double.NaN, path, "entryPrice", NumberRange.Positive)
            : Fields.Required(dto.EntryPrice, path, "entryPrice", NumberRange.Positive);
}
