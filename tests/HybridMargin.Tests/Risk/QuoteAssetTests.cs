using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Tests.Risk;

/// <summary>
/// Instruments may name a <c>quote</c> asset other than USDT. The SPEC states every price in USD, but a spot trade
/// moves the quote balance by q·price units of the quote asset: with a non-USD quote the two cannot both hold.
/// </summary>
public sealed class QuoteAssetTests
{
    private const string BookJson = """
        {
          "asOf": "2026-11-24T00:00:00Z",
          "assets": [
            { "symbol": "USDT", "price": 1, "vol": 0.005, "priceRange": 0.02 },
            { "symbol": "BTC", "price": 90000, "vol": 0.55, "haircut": 0.05, "priceRange": 0.15 },
            { "symbol": "ETH", "price": 3000, "vol": 0.7, "haircut": 0.07, "priceRange": 0.18 }
          ],
          "correlations": { "BTC/ETH": 0.85 },
          "instruments": [
            { "symbol": "ETH/BTC", "kind": "spot", "underlying": "ETH", "quote": "BTC" }
          ],
          "accounts": [
            { "id": "X", "balances": { "USDT": 1000000, "BTC": 10 },
              "limits": { "priceBand": 0.05 } }
          ]
        }
        """;

    [Fact]
    public void Buying_one_eth_at_its_mark_through_an_eth_btc_pair_is_possible_at_some_price()
    {
        // 1 ETH is worth 3,000 USD = 0.0333 BTC; the account has ≈ 1.85M USD of equity. Priced in USD (3,000) the
        // engine debits 3,000 BTC (270M USD) and rejects for margin; priced in BTC (0.0333) it rejects the price as
        // 99.999 % away from the 3,000 USD mark. Whichever unit the price is meant in, one of them must pass.
        var engine = new RiskEngine(BookLoader.Parse(BookJson));
        var inUsd = engine.WhatIf(new Order(0, 0, Side.Buy, OrderType.Limit, 1, 3000, 1, 1));
        var inBtc = engine.WhatIf(new Order(0, 0, Side.Buy, OrderType.Limit, 1, 3000.0 / 90_000, 2, 2));
        Assert.True(inUsd.Accepted || inBtc.Accepted, $"priced in USD: {inUsd.Text}; priced in BTC: {inBtc.Text}");
    }
}
