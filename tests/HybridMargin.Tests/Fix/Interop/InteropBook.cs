using System.Text.Json.Nodes;
using HybridMargin.Books;

namespace HybridMargin.Tests.Fix.Interop;

/// <summary>
/// The sample book's market and instruments with accounts built so that every SPEC §5 reject reason is reachable
/// deterministically over FIX (BTC-PERP, mark 90,000).
/// </summary>
internal static class InteropBook
{
    /// <summary>Generous limits and ample collateral; maxPosition 8 on BTC-PERP (a sell of 8 on top of the open market sell of 1 breaks it, a buy of 11 breaks maxOrderQty 10).</summary>
    public const string Trader = "OK1";

    /// <summary>Like <see cref="Trader"/>; the test's venue half-fills its orders.</summary>
    public const string Filled = "FILL1";

    /// <summary>maxOpenOrders 1: the second open order is TooManyOrders.</summary>
    public const string OneOpenOrder = "ONE1";

    /// <summary>maxOrdersPerSecond 2: the third order within a second is Throttled.</summary>
    public const string TwoPerSecond = "RATE1";

    /// <summary>10,000 USDT of collateral: an order for 5 BTC-PERP is InsufficientMargin.</summary>
    public const string Poor = "POOR1";

    /// <summary>Kill switch turned on by the test before the client runs: AccountDisabled.</summary>
    public const string Disabled = "KILL1";

    /// <summary>Short 20 BTC-PERP on 80,000 USDT (the sample's DEFICIT1): in liquidation from the start, so a sell is ReduceOnly.</summary>
    public const string InLiquidation = "LIQ1";

    private const string Accounts = """
        [
          { "id": "OK1", "balances": { "USDT": 5000000 },
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 100, "maxOrdersPerSecond": 1000,
                        "maxPosition": { "BTC-PERP": 8 } } },
          { "id": "FILL1", "balances": { "USDT": 5000000 },
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 100, "maxOrdersPerSecond": 1000 } },
          { "id": "ONE1", "balances": { "USDT": 5000000 },
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 1, "maxOrdersPerSecond": 1000 } },
          { "id": "RATE1", "balances": { "USDT": 5000000 },
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 100, "maxOrdersPerSecond": 2 } },
          { "id": "POOR1", "balances": { "USDT": 10000 },
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 100, "maxOrdersPerSecond": 1000 } },
          { "id": "KILL1", "balances": { "USDT": 5000000 },
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 100, "maxOrdersPerSecond": 1000 } },
          { "id": "LIQ1", "balances": { "USDT": 80000 },
            "positions": [ { "instrument": "BTC-PERP", "qty": -20, "entryPrice": 88500 } ],
            "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 100, "maxOrdersPerSecond": 1000 } }
        ]
        """;

    /// <summary>The sample book (embedded in the library) with its accounts replaced by the ones above.</summary>
    public static Book Create()
    {
        using var stream = typeof(BookLoader).Assembly.GetManifestResourceStream(BookLoader.SampleResourceName)
            ?? throw new InvalidOperationException($"embedded sample book {BookLoader.SampleResourceName} missing");
        var sample = JsonNode.Parse(stream)!.AsObject();
        sample["accounts"] = JsonNode.Parse(Accounts);
        return BookLoader.Parse(sample.ToJsonString());
    }
}
