using System.Text.Json.Nodes;
using HybridMargin.Books;

namespace HybridMargin.Tests.Books;

/// <summary>Documents that are not well-formed, or well-formed but not shaped like a book.</summary>
public sealed class BookSyntaxErrorTests
{
    [Theory]
    [InlineData("", "$")]
    [InlineData("{\"asOf\": ", "asOf")]
    [InlineData("{\"asOf\": \"2026-11-24T00:00:00Z\",}", "$")]
    [InlineData("{\"asOf\": \"2026-11-24T00:00:00Z\"} {}", "$")]
    [InlineData("{'asOf': \"2026-11-24T00:00:00Z\"}", "$")]
    [InlineData("{ /* comment */ \"asOf\": \"2026-11-24T00:00:00Z\"}", "$")]
    [InlineData("{\"assets\": [{\"symbol\": \"BTC\", \"price\": NaN}]}", "assets[0].price")]
    [InlineData("{\"assets\": [{\"symbol\": \"BTC\", \"price\": Infinity}]}", "assets[0].price")]
    [InlineData("{\"assets\": [{\"symbol\": \"BTC\", \"price\": -Infinity}]}", "assets[0].price")]
    public void Rejects_malformed_JSON_with_the_path_where_reading_stopped(string json, string path)
    {
        var error = BookAssert.Rejects(json, path, "malformed JSON");

        Assert.Contains("line 1", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_line_of_malformed_JSON_one_based()
    {
        var json = SpecBook.Json.Replace("\"mcSeed\": 42", "\"mcSeed\": 42,", StringComparison.Ordinal);

        var error = BookAssert.Rejects(json, "parameters", "malformed JSON");
        Assert.Contains("line 11", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_invalid_UTF8()
    {
        byte[] json = [.. "{\"asOf\": \""u8, 0xFF, .. "\"}"u8];

        var error = Assert.Throws<BookException>(() => BookLoader.Parse(json));
        Assert.Equal("asOf", error.Path);
        Assert.Contains("UTF-8", error.Problem, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> UnknownFields => new()
    {
        { "top level", "comment", "comment" },
        { "top level, wrong case", "AsOf", "AsOf" },
        { "parameters", "parameters.seed", "seed" },
        { "asset", "assets[1].volatility", "volatility" },
        { "instrument", "instruments[3].strikePrice", "strikePrice" },
        { "account", "accounts[0].name", "name" },
        { "position", "accounts[0].positions[0].price", "price" },
        { "limits", "accounts[0].limits.maxOrders", "maxOrders" },
    };

    [Theory]
    [MemberData(nameof(UnknownFields))]
    public void Rejects_unknown_field_with_its_path(string where, string path, string field)
    {
        var json = SpecBook.With(root =>
        {
            JsonObject owner = where switch
            {
                "parameters" => root.Parameters(),
                "asset" => root.Asset(1),
                "instrument" => root.Instrument(3),
                "account" => root.Account(0),
                "position" => root.Position(0, 0),
                "limits" => root.Limits(0),
                _ => root,
            };
            owner[field] = 1;
        });

        BookAssert.Rejects(json, path, $"unknown field '{field}'");
    }

    [Fact]
    public void Rejects_a_member_given_twice_in_one_object()
    {
        var json = SpecBook.Json.Replace("\"price\": 90000,", "\"price\": 90000, \"price\": 91000,", StringComparison.Ordinal);

        BookAssert.Rejects(json, "assets[1].price", "duplicate key 'price'");
    }

    [Fact]
    public void Rejects_a_balance_given_twice()
    {
        var json = SpecBook.Json.Replace("\"BTC\": 10 }", "\"BTC\": 10, \"BTC\": 11 }", StringComparison.Ordinal);

        BookAssert.Rejects(json, "accounts[0].balances.BTC", "duplicate key 'BTC'");
    }

    public static TheoryData<string, JsonNode, string, string> WrongTypes => new()
    {
        { "price", "90000", "assets[1].price", "expected a number, got a string" },
        { "price", true, "assets[1].price", "expected a number, got a boolean" },
        { "price", new JsonArray(), "assets[1].price", "expected a number, got an array" },
        { "symbol", 5, "assets[1].symbol", "expected a string" },
        { "symbol", new JsonObject(), "assets[1].symbol", "expected a string" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Rejects_a_value_of_the_wrong_JSON_type(string field, JsonNode value, string path, string problem)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Asset(1)[field] = value), path, problem);
    }

    [Fact]
    public void Rejects_sections_of_the_wrong_JSON_type()
    {
        BookAssert.Rejects("[]", "$", "expected an object");
        BookAssert.Rejects(SpecBook.With(root => root["assets"] = new JsonObject()), "assets", "expected an array");
        BookAssert.Rejects(SpecBook.With(root => root["correlations"] = new JsonArray()), "correlations", "expected an object");
        BookAssert.Rejects(SpecBook.With(root => root.Account(0)["balances"] = 5), "accounts[0].balances", "expected an object");
    }

    [Fact]
    public void Rejects_a_null_document_and_null_array_elements()
    {
        BookAssert.Rejects("null", "$", "expected an object, got null");
        BookAssert.Rejects(SpecBook.With(root => root["assets"]!.AsArray().Add(null)), "assets[3]", "expected an object, got null");
        BookAssert.Rejects(SpecBook.With(root => root.Account(0)["balances"]!["BTC"] = null), "accounts[0].balances.BTC", "expected a number, got null");
    }

    public static TheoryData<string, string> NonFiniteNumbers => new()
    {
        { "assets[1].price", "1e400" },
        { "accounts[0].balances.BTC", "-1e400" },
        { "correlations[\"BTC/ETH\"]", "1e400" },
        { "parameters.mcScenarios", "1e400" },
        { "accounts[0].positions[0].qty", "-2e308" },
    };

    [Theory]
    [MemberData(nameof(NonFiniteNumbers))]
    public void Rejects_a_number_that_overflows_a_double(string path, string literal)
    {
        var json = SpecBook.With(root =>
        {
            var raw = SpecBook.Raw(literal);
            switch (path)
            {
                case "assets[1].price": root.Asset(1)["price"] = raw; break;
                case "accounts[0].balances.BTC": root.Account(0)["balances"]!["BTC"] = raw; break;
                case "parameters.mcScenarios": root.Parameters()["mcScenarios"] = raw; break;
                case "accounts[0].positions[0].qty": root.Position(0, 0)["qty"] = raw; break;
                default: root.Correlations()["BTC/ETH"] = raw; break;
            }
        });

        BookAssert.Rejects(json, path, $"not a finite number: {literal}");
    }

    [Theory]
    [InlineData("asOf")]
    [InlineData("assets")]
    [InlineData("instruments")]
    [InlineData("accounts")]
    public void Rejects_a_missing_top_level_section(string section)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Remove(section)), section, "is required");
    }

    public static TheoryData<string, string> MissingMembers => new()
    {
        { "asset", "symbol" },
        { "asset", "price" },
        { "asset", "vol" },
        { "instrument", "symbol" },
        { "instrument", "kind" },
        { "instrument", "underlying" },
        { "account", "id" },
        { "position", "instrument" },
        { "position", "qty" },
    };

    [Theory]
    [MemberData(nameof(MissingMembers))]
    public void Rejects_a_missing_required_member_with_the_path_it_should_have(string where, string field)
    {
        string owner = where switch
        {
            "asset" => "assets[1]",
            "instrument" => "instruments[1]",
            "account" => "accounts[0]",
            _ => "accounts[0].positions[0]",
        };
        var json = SpecBook.With(root =>
        {
            var node = where switch
            {
                "asset" => root.Asset(1),
                "instrument" => root.Instrument(1),
                "account" => root.Account(0),
                _ => root.Position(0, 0),
            };
            node.Remove(field);
        });

        BookAssert.Rejects(json, $"{owner}.{field}", "is required");
    }

    [Fact]
    public void Treats_null_as_absent_for_members()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Asset(1)["price"] = null), "assets[1].price", "is required");
        Assert.Equal(0, BookLoader.Parse(SpecBook.With(root => root.Asset(1)["volOfVol"] = null)).Assets[1].VolOfVol);
    }

    [Fact]
    public void Rejects_an_empty_symbol()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Asset(1)["symbol"] = " "), "assets[1].symbol", "must not be empty");
        BookAssert.Rejects(SpecBook.With(root => root.Account(0)["id"] = ""), "accounts[0].id", "must not be empty");
    }
}
