using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Tests.Engine;

/// <summary>A small book with one account per behaviour under test.</summary>
internal static class GateBook
{
    public const string Json = """
    {
      "asOf": "2026-11-24T00:00:00Z",
      "assets": [
        { "symbol": "USDT", "price": 1.0, "vol": 0.005, "priceRange": 0.02 },
        { "symbol": "BTC", "price": 90000, "vol": 0.55, "volOfVol": 0.03, "spotVolCorrelation": -0.3, "haircut": 0.05,
          "priceRange": 0.15, "volShock": 0.10, "shortOptionMinimum": 0.01 }
      ],
      "instruments": [
        { "symbol": "BTC", "kind": "spot", "underlying": "BTC" },
        { "symbol": "BTC-PERP", "kind": "perpetual", "underlying": "BTC", "multiplier": 1 },
        { "symbol": "BTC-26MAR27", "kind": "future", "underlying": "BTC", "multiplier": 1, "expiry": "2027-03-26T08:00:00Z" },
        { "symbol": "BTC-26MAR27-100000-C", "kind": "option", "underlying": "BTC", "multiplier": 1,
          "expiry": "2027-03-26T08:00:00Z", "strike": 100000, "right": "call", "iv": 0.60 },
        { "symbol": "BTC-20NOV26-90000-C", "kind": "option", "underlying": "BTC", "multiplier": 1,
          "expiry": "2026-11-20T08:00:00Z", "strike": 90000, "right": "call", "iv": 0.60 }
      ],
      "accounts": [
        { "id": "LIMITED", "balances": { "USDT": 1000000, "BTC": 5 },
          "limits": { "maxOrderQty": 100, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 3,
                      "maxOrdersPerSecond": 5, "maxPosition": { "BTC-PERP": 20 } } },
        { "id": "POOR", "balances": { "USDT": 10000 } },
        { "id": "DEFICIT", "balances": { "USDT": 80000 },
          "positions": [ { "instrument": "BTC-PERP", "qty": -20, "entryPrice": 88500 } ] },
        { "id": "FREE", "balances": { "USDT": 10000000 } }
      ]
    }
    """;

    public static RiskEngine NewEngine() => new(BookLoader.Parse(Json));
}
