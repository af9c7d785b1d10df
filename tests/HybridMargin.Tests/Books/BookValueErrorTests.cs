using System.Text.Json.Nodes;

namespace HybridMargin.Tests.Books;

/// <summary>Well-formed values outside their range, and combinations of members that make no sense.</summary>
public sealed class BookValueErrorTests
{
    public static TheoryData<string, string, double> StrictlyPositive
    {
        get
        {
            var data = new TheoryData<string, string, double>();
            foreach (double bad in new[] { 0.0, -1.0 })
            {
                data.Add("assets[1]", "price", bad);
                data.Add("assets[1]", "vol", bad);
                data.Add("instruments[3]", "strike", bad);
                data.Add("instruments[3]", "iv", bad);
                data.Add("instruments[1]", "multiplier", bad);
                data.Add("instruments[3]", "multiplier", bad);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StrictlyPositive))]
    public void Rejects_zero_and_negative_prices_vols_strikes_and_multipliers(string owner, string field, double bad)
    {
        var json = SpecBook.With(root => Node(root, owner)[field] = bad);

        BookAssert.Rejects(json, $"{owner}.{field}", $"must be > 0, got {bad}");
    }

    [Theory]
    [InlineData("volOfVol", -0.01, ">= 0")]
    [InlineData("priceRange", -0.1, ">= 0")]
    [InlineData("volShock", -0.1, ">= 0")]
    [InlineData("shortOptionMinimum", -0.01, ">= 0")]
    [InlineData("haircut", -0.01, "in [0, 1)")]
    [InlineData("haircut", 1, "in [0, 1)")]
    [InlineData("spotVolCorrelation", 1.01, "in [-1, 1]")]
    [InlineData("spotVolCorrelation", -1.5, "in [-1, 1]")]
    public void Rejects_asset_members_outside_their_range(string field, double bad, string range)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Asset(1)[field] = bad), $"assets[1].{field}", $"must be {range}, got {bad}");
    }

    [Theory]
    [InlineData(1.01)]
    [InlineData(-1.5)]
    public void Rejects_a_correlation_outside_minus_one_to_one(double bad)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Correlations()["BTC/ETH"] = bad), "correlations[\"BTC/ETH\"]", "must be in [-1, 1]");
    }

    [Fact]
    public void Rejects_a_self_correlation_other_than_one()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Correlations()["BTC/BTC"] = 0.9), "correlations[\"BTC/BTC\"]", "with itself is 1");
    }

    [Fact]
    public void Rejects_a_pair_given_as_A_B_and_B_A_with_different_values()
    {
        var json = SpecBook.With(root => root.Correlations()["ETH/BTC"] = 0.5);

        BookAssert.Rejects(json, "correlations[\"ETH/BTC\"]", "0.5 conflicts with 0.85 given at correlations[\"BTC/ETH\"]");
    }

    [Fact]
    public void Rejects_correlations_whose_covariance_is_not_positive_semidefinite()
    {
        var json = SpecBook.With(root =>
        {
            root["assets"]!.AsArray().Add(new JsonObject { ["symbol"] = "SOL", ["price"] = 140, ["vol"] = 0.95 });
            root.Correlations()["BTC/ETH"] = 0.99;
            root.Correlations()["BTC/SOL"] = 0.99;
            root.Correlations()["ETH/SOL"] = -0.99;
        });

        var error = BookAssert.Rejects(json, "correlations", "not form a positive semi-definite covariance");
        Assert.Contains("price factor of SOL", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_vol_factor_when_the_spot_vol_correlation_breaks_semidefiniteness()
    {
        // Each vol change moving one for one with its own price makes the two vol changes as correlated as the
        // prices (0.9), but the model holds vol changes of different assets uncorrelated.
        var json = SpecBook.With(root =>
        {
            root.Correlations()["BTC/ETH"] = 0.9;
            root.Asset(1)["spotVolCorrelation"] = 1;
            root.Asset(2)["volOfVol"] = 0.03;
            root.Asset(2)["spotVolCorrelation"] = 1;
        });

        var error = BookAssert.Rejects(json, "correlations", "positive semi-definite");
        Assert.Contains("vol factor", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strike")]
    [InlineData("expiry")]
    [InlineData("right")]
    [InlineData("iv")]
    public void Rejects_an_option_missing_a_required_member(string field)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(3).Remove(field)), $"instruments[3].{field}", "is required");
    }

    [Fact]
    public void Rejects_a_future_without_expiry()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(2).Remove("expiry")), "instruments[2].expiry", "is required");
    }

    [Theory]
    [InlineData(2, "strike", 100000, "not allowed on a future instrument")]
    [InlineData(2, "right", "call", "not allowed on a future instrument")]
    [InlineData(1, "iv", 0.5, "not allowed on a perpetual instrument")]
    [InlineData(1, "expiry", "2027-03-26T08:00:00Z", "not allowed on a perpetual instrument")]
    [InlineData(0, "expiry", "2027-03-26T08:00:00Z", "not allowed on a spot instrument")]
    public void Rejects_members_that_do_not_belong_to_the_instrument_kind(int index, string field, object value, string problem)
    {
        var json = SpecBook.With(root => root.Instrument(index)[field] = JsonValue.Create(value));

        BookAssert.Rejects(json, $"instruments[{index}].{field}", problem);
    }

    [Theory]
    [InlineData("kind", "Future", "must be one of spot, perpetual, future, option; got 'Future'")]
    [InlineData("kind", "swap", "must be one of spot, perpetual, future, option; got 'swap'")]
    [InlineData("right", "C", "must be call or put; got 'C'")]
    public void Rejects_an_unknown_kind_or_right(string field, string value, string problem)
    {
        int index = field == "kind" ? 2 : 3;

        BookAssert.Rejects(SpecBook.With(root => root.Instrument(index)[field] = value), $"instruments[{index}].{field}", problem);
    }

    [Fact]
    public void Rejects_a_spot_multiplier_other_than_one()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(0)["multiplier"] = 2), "instruments[0].multiplier", "must be 1 on a spot instrument");
    }

    [Theory]
    [InlineData("2026-11-24")]
    [InlineData("2026-11-24T00:00:00")]
    [InlineData("2026-13-24T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("24/11/2026 00:00")]
    [InlineData("tomorrow")]
    public void Rejects_a_date_that_is_not_ISO_8601_with_offset(string date)
    {
        BookAssert.Rejects(SpecBook.With(root => root["asOf"] = date), "asOf", $"not an ISO-8601 date-time with offset (e.g. 2026-11-24T00:00:00Z): '{date}'");
        BookAssert.Rejects(SpecBook.With(root => root.Instrument(3)["expiry"] = date), "instruments[3].expiry", $"'{date}'");
    }

    [Fact]
    public void Rejects_a_position_on_a_spot_instrument_because_spot_holdings_are_balances()
    {
        var json = SpecBook.With(root => root.Position(0, 0)["instrument"] = "BTC");

        BookAssert.Rejects(json, "accounts[0].positions[0].instrument", "'BTC' is a spot instrument: spot holdings are balances, put them in accounts[0].balances");
    }

    [Fact]
    public void Rejects_a_perpetual_position_without_entry_price()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Position(0, 0).Remove("entryPrice")), "accounts[0].positions[0].entryPrice", "is required");
    }

    [Fact]
    public void Rejects_a_future_position_without_a_positive_entry_price()
    {
        var withoutEntry = SpecBook.With(root => root.Account(0)["positions"]!.AsArray().Add(new JsonObject { ["instrument"] = "BTC-26MAR27", ["qty"] = 1 }));
        var zeroEntry = SpecBook.With(root => root.Account(0)["positions"]!.AsArray().Add(new JsonObject { ["instrument"] = "BTC-26MAR27", ["qty"] = 1, ["entryPrice"] = 0 }));

        BookAssert.Rejects(withoutEntry, "accounts[0].positions[1].entryPrice", "is required");
        BookAssert.Rejects(zeroEntry, "accounts[0].positions[1].entryPrice", "must be > 0, got 0");
    }

    [Theory]
    [InlineData("horizonDays", 0, "must be > 0")]
    [InlineData("horizonDays", -1, "must be > 0")]
    [InlineData("varConfidence", 1, "must be in (0, 1)")]
    [InlineData("varConfidence", 0, "must be in (0, 1)")]
    [InlineData("esConfidence", 1.5, "must be in (0, 1)")]
    [InlineData("imMultiplier", 0.9, "must be >= 1")]
    [InlineData("mcScenarios", 99, "must be >= 100")]
    [InlineData("mcScenarios", 1000.5, "expected a 32-bit integer, got 1000.5")]
    [InlineData("mcSeed", 3e9, "expected a 32-bit integer, got 3000000000")]
    public void Rejects_bad_parameters(string field, double value, string problem)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Parameters()[field] = value), $"parameters.{field}", problem);
    }

    [Theory]
    [InlineData("maxOrderQty", 0, "must be > 0")]
    [InlineData("maxOrderNotional", -1, "must be > 0")]
    [InlineData("priceBand", 0, "must be > 0")]
    [InlineData("maxOpenOrders", 0, "must be >= 1")]
    [InlineData("maxOrdersPerSecond", 2.5, "expected a 32-bit integer")]
    public void Rejects_bad_limits(string field, double value, string problem)
    {
        BookAssert.Rejects(SpecBook.With(root => root.Limits(0)[field] = value), $"accounts[0].limits.{field}", problem);
    }

    [Fact]
    public void Rejects_a_negative_position_limit()
    {
        BookAssert.Rejects(SpecBook.With(root => root.Limits(0)["maxPosition"]!["BTC-PERP"] = -1), "accounts[0].limits.maxPosition.BTC-PERP", "must be >= 0, got -1");
    }

    [Fact]
    public void Rejects_a_book_without_assets()
    {
        BookAssert.Rejects(SpecBook.With(root => root["assets"] = new JsonArray()), "assets", "at least one asset");
    }

    private static JsonObject Node(JsonObject root, string owner) => owner switch
    {
        "assets[1]" => root.Asset(1),
        "instruments[1]" => root.Instrument(1),
        _ => root.Instrument(3),
    };
}
