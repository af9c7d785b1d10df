using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridMargin.Books;

namespace HybridMargin.Tests.Books;

/// <summary>
/// The SPEC §3 example book without its comments, plus helpers that derive broken variants from it.
/// The SPEC's correlations name ETH without listing it; ETH is added here (with only the required members,
/// so that the defaults are exercised) because a correlation key naming an unknown asset is a book error.
/// </summary>
internal static partial class SpecBook
{
    public const string Json = """
        {
          "asOf": "2026-11-24T00:00:00Z",
          "parameters": {
            "horizonDays": 1,
            "varConfidence": 0.99,
            "esConfidence": 0.975,
            "imMultiplier": 1.3,
            "riskFreeRate": 0.0,
            "mcScenarios": 10000,
            "mcSeed": 42
          },
          "assets": [
            { "symbol": "USDT", "price": 1.0,   "vol": 0.005, "volOfVol": 0.0,  "spotVolCorrelation": 0.0,  "haircut": 0.0,  "priceRange": 0.02, "volShock": 0.0 },
            { "symbol": "BTC",  "price": 90000, "vol": 0.55,  "volOfVol": 0.03, "spotVolCorrelation": -0.3, "haircut": 0.05, "priceRange": 0.15, "volShock": 0.10, "shortOptionMinimum": 0.01 },
            { "symbol": "ETH",  "price": 3100,  "vol": 0.7 }
          ],
          "correlations": {
            "BTC/ETH": 0.85
          },
          "instruments": [
            { "symbol": "BTC",         "kind": "spot",      "underlying": "BTC" },
            { "symbol": "BTC-PERP",    "kind": "perpetual", "underlying": "BTC", "multiplier": 1 },
            { "symbol": "BTC-26MAR27", "kind": "future",    "underlying": "BTC", "multiplier": 1, "expiry": "2027-03-26T08:00:00Z" },
            { "symbol": "BTC-26MAR27-100000-C", "kind": "option", "underlying": "BTC", "multiplier": 1,
              "expiry": "2027-03-26T08:00:00Z", "strike": 100000, "right": "call", "iv": 0.60 }
          ],
          "accounts": [
            { "id": "MM1",
              "balances": { "USDT": 2000000, "BTC": 10 },
              "positions": [ { "instrument": "BTC-PERP", "qty": -10, "entryPrice": 89000 } ],
              "limits": { "maxOrderQty": 100, "maxOrderNotional": 5000000, "priceBand": 0.05,
                          "maxOpenOrders": 200, "maxOrdersPerSecond": 1000,
                          "maxPosition": { "BTC-PERP": 50 } } }
          ]
        }
        """;

    private const string RawMarker = "__raw__:";

    public static Book Load() => BookLoader.Parse(Json);

    /// <summary>The example with <paramref name="edit"/> applied to its JSON tree.</summary>
    public static string With(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Json)!.AsObject();
        edit(root);
        return RawValue().Replace(root.ToJsonString(), "$1");
    }

    /// <summary>A value written verbatim into the JSON text (e.g. <c>1e400</c>, which a JSON tree cannot hold).</summary>
    public static JsonNode Raw(string literal) => JsonValue.Create(RawMarker + literal);

    public static JsonObject Asset(this JsonObject root, int index) => root["assets"]![index]!.AsObject();

    public static JsonObject Instrument(this JsonObject root, int index) => root["instruments"]![index]!.AsObject();

    public static JsonObject Account(this JsonObject root, int index) => root["accounts"]![index]!.AsObject();

    public static JsonObject Position(this JsonObject root, int account, int index) => root.Account(account)["positions"]![index]!.AsObject();

    public static JsonObject Limits(this JsonObject root, int account) => root.Account(account)["limits"]!.AsObject();

    public static JsonObject Correlations(this JsonObject root) => root["correlations"]!.AsObject();

    public static JsonObject Parameters(this JsonObject root) => root["parameters"]!.AsObject();

    [GeneratedRegex("\"__raw__:([^\"]*)\"")]
    private static partial Regex RawValue();
}
