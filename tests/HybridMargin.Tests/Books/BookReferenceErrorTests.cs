using System.Text.Json.Nodes;

namespace HybridMargin.Tests.Books;

/// <summary>Names that refer to nothing, and names declared twice.</summary>
public sealed class BookReferenceErrorTests
{
    [Fact]
    public void Rejects_an_instrument_on_an_unknown_underlying()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(1)["underlying"] = "XRP"), "instruments[1].underlying", "unknown asset 'XRP'");
    }

    [Fact]
    public void Rejects_a_balance_in_an_unknown_asset()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Account(0)["balances"]!["XRP"] = 5), "accounts[0].balances.XRP", "unknown asset 'XRP'");
    }

    [Fact]
    public void Rejects_a_correlation_key_naming_an_unknown_asset()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Correlations()["BTC/XRP"] = 0.5), "correlations[\"BTC/XRP\"]", "unknown asset 'XRP'");
        BookAssert.Rejects(SpecBook.With(root => root.Correlations()["XRP/BTC"] = 0.5), "correlations[\"XRP/BTC\"]", "unknown asset 'XRP'");
    }

    [Theory]
    [InlineData("BTCETH", "correlations.BTCETH")]
    [InlineData("BTC/", "correlations[\"BTC/\"]")]
    [InlineData("/ETH", "correlations[\"/ETH\"]")]
    [InlineData("BTC/ETH/USDT", "correlations[\"BTC/ETH/USDT\"]")]
    public void Rejects_a_correlation_key_that_is_not_two_assets(string key, string path)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Correlations()[key] = 0.5), path, "\"A/B\"");
    }

    [Fact]
    public void Rejects_an_asset_symbol_containing_the_correlation_separator()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Asset(2)["symbol"] = "ETH/USD"), "assets[2].symbol", "must not contain '/'");
    }

    [Fact]
    public void Rejects_an_unknown_quote_asset()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(3)["quote"] = "EUR"), "instruments[3].quote", "unknown asset 'EUR'");
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(2)["quote"] = "EUR"), "instruments[2].quote", "unknown asset 'EUR'");
    }

    [Fact]
    public void Rejects_spot_and_options_when_the_default_quote_USDT_is_not_an_asset()
    {
        var withoutUsdt = SpecBook.With(root =>
        {
            root["assets"]!.AsArray().RemoveAt(0);
            root.Account(0)["balances"]!.AsObject().Remove("USDT");
        });
        var onlyOptions = SpecBook.With(root =>
        {
            root["assets"]!.AsArray().RemoveAt(0);
            root.Account(0)["balances"]!.AsObject().Remove("USDT");
            root["instruments"]!.AsArray().RemoveAt(0);
        });

        BookAssert.Rejects(withoutUsdt, "instruments[0].quote", "unknown asset 'USDT'");
        BookAssert.Rejects(onlyOptions, "instruments[2].quote", "unknown asset 'USDT'");
    }

    [Fact]
    public void Rejects_a_spot_instrument_quoted_in_its_own_underlying()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(0)["quote"] = "BTC"), "instruments[0].quote", "its own underlying");
    }

    [Fact]
    public void Rejects_a_position_on_an_unknown_instrument()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Position(0, 0)["instrument"] = "ETH-PERP"), "accounts[0].positions[0].instrument", "unknown instrument 'ETH-PERP'");
    }

    [Fact]
    public void Rejects_a_position_limit_on_an_unknown_instrument()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Limits(0)["maxPosition"]!["ETH-PERP"] = 5), "accounts[0].limits.maxPosition.ETH-PERP", "unknown instrument 'ETH-PERP'");
    }

    [Fact]
    public void Rejects_a_duplicate_asset_symbol_at_the_second_occurrence()
    {
        var json = SpecBook.With(root => root["assets"]!.AsArray().Add(new JsonObject { ["symbol"] = "BTC", ["price"] = 1, ["vol"] = 1 }));

        BookAssert.Rejects(json, "assets[3].symbol", "duplicate asset 'BTC' (first at assets[1].symbol)");
    }

    [Fact]
    public void Rejects_a_duplicate_instrument_symbol_at_the_second_occurrence()
    {
        var json = SpecBook.With(root => root["instruments"]!.AsArray().Add(new JsonObject { ["symbol"] = "BTC-PERP", ["kind"] = "perpetual", ["underlying"] = "BTC" }));

        BookAssert.Rejects(json, "instruments[4].symbol", "duplicate instrument 'BTC-PERP' (first at instruments[1].symbol)");
    }

    [Fact]
    public void Rejects_a_duplicate_account_id_at_the_second_occurrence()
    {
        var json = SpecBook.With(root => root["accounts"]!.AsArray().Add(new JsonObject { ["id"] = "MM1" }));

        BookAssert.Rejects(json, "accounts[1].id", "duplicate account id 'MM1' (first at accounts[0].id)");
    }

    [Fact]
    public void Rejects_two_positions_on_the_same_instrument()
    {
        var json = SpecBook.With(root => root.Account(0)["positions"]!.AsArray().Add(new JsonObject { ["instrument"] = "BTC-PERP", ["qty"] = 1, ["entryPrice"] = 90000 }));

        BookAssert.Rejects(json, "accounts[0].positions[1].instrument", "duplicate position on instrument 'BTC-PERP'");
    }
}
