using System.Text;
using System.Text.Json.Nodes;
using HybridMargin.Books;

namespace HybridMargin.Tests.Books;

public sealed class BookLoaderTests
{
    [Fact]
    public void Loads_the_spec_example_with_indices_in_array_order()
    {
        var book = SpecBook.Load();

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), book.AsOf);
        Assert.Equal(["USDT", "BTC", "ETH"], book.Assets.Select(a => a.Symbol));
        Assert.Equal([0, 1, 2], book.Assets.Select(a => a.Index));
        Assert.Equal(["BTC", "BTC-PERP", "BTC-26MAR27", "BTC-26MAR27-100000-C"], book.Instruments.Select(i => i.Symbol));
        Assert.Equal([0, 1, 2, 3], book.Instruments.Select(i => i.Index));
        Assert.Equal(0, book.Accounts[0].Index);
        Assert.Equal(1, book.FindAsset("BTC"));
        Assert.Equal(3, book.FindInstrument("BTC-26MAR27-100000-C"));
        Assert.Equal(0, book.FindAccount("MM1"));
    }

    [Fact]
    public void Reads_every_asset_member_and_defaults_the_optional_ones_to_zero()
    {
        var book = SpecBook.Load();

        Assert.Equal(
            new Asset
            {
                Index = 1, Symbol = "BTC", Price = 90000, Vol = 0.55, VolOfVol = 0.03, SpotVolCorrelation = -0.3,
                Haircut = 0.05, PriceRange = 0.15, VolShock = 0.10, ShortOptionMinimum = 0.01,
            },
            book.Assets[1]);
        Assert.Equal(new Asset { Index = 2, Symbol = "ETH", Price = 3100, Vol = 0.7 }, book.Assets[2]);
    }

    [Fact]
    public void Resolves_instrument_references_and_kind_specific_members()
    {
        var book = SpecBook.Load();
        var spot = book.Instruments[0];
        var perp = book.Instruments[1];
        var option = book.Instruments[3];

        Assert.Equal((InstrumentKind.Spot, 1, 0, 1.0, null, 0.0), (spot.Kind, spot.Underlying, spot.Quote, spot.Multiplier, spot.Expiry, spot.YearsToExpiry));
        Assert.Equal((InstrumentKind.Perpetual, 1, 0, 0.0), (perp.Kind, perp.Underlying, perp.Quote, perp.YearsToExpiry));
        Assert.Equal(InstrumentKind.Future, book.Instruments[2].Kind);
        Assert.Equal((InstrumentKind.Option, 100000.0, OptionRight.Call, 0.60), (option.Kind, option.Strike, option.Right, option.ImpliedVol));
        Assert.Equal(new DateTimeOffset(2027, 3, 26, 8, 0, 0, TimeSpan.Zero), option.Expiry);
    }

    [Fact]
    public void Measures_years_to_expiry_in_seconds_over_a_365_day_year()
    {
        var book = SpecBook.Load();

        // 2026-11-24 00:00Z → 2027-03-26 08:00Z: 30 + 31 + 31 + 28 + 2 = 122 days and 8 hours (2027 is not a leap year).
        double expected = (122 + (8.0 / 24)) / 365;
        Assert.Equal(expected, book.Instruments[2].YearsToExpiry, 12);
        Assert.Equal(expected, book.Instruments[3].YearsToExpiry, 12);
    }

    [Fact]
    public void Accepts_an_expired_option_with_a_negative_time_to_expiry()
    {
        var json = SpecBook.With(root => root.Instrument(3)["expiry"] = "2026-11-23T00:00:00Z");

        Assert.Equal(-1.0 / 365, BookLoader.Parse(json).Instruments[3].YearsToExpiry, 12);
    }

    [Fact]
    public void Accepts_expiries_with_an_offset_and_fractional_seconds()
    {
        var json = SpecBook.With(root => root.Instrument(2)["expiry"] = "2027-03-26T10:00:00.5+02:00");

        Assert.Equal(new DateTimeOffset(2027, 3, 26, 8, 0, 0, 500, TimeSpan.Zero), BookLoader.Parse(json).Instruments[2].Expiry);
    }

    [Fact]
    public void Builds_a_symmetric_correlation_matrix_with_unit_diagonal_and_zero_for_missing_pairs()
    {
        var book = SpecBook.Load();
        int n = book.Assets.Count;

        Assert.Equal(n * n, book.Correlations.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(1.0, book.Correlation(i, i));
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(book.Correlation(i, j), book.Correlation(j, i));
            }
        }

        Assert.Equal(0.85, book.Correlation(1, 2));
        Assert.Equal(0.0, book.Correlation(0, 1));
    }

    [Fact]
    public void Accepts_a_pair_given_both_ways_with_the_same_value_and_a_unit_self_correlation()
    {
        var json = SpecBook.With(root =>
        {
            root.Correlations()["ETH/BTC"] = 0.85;
            root.Correlations()["BTC/BTC"] = 1;
        });

        Assert.Equal(0.85, BookLoader.Parse(json).Correlation(2, 1));
    }

    [Fact]
    public void Reads_parameters_and_defaults_them_when_absent()
    {
        Assert.Equal(
            new RiskParameters { HorizonDays = 1, VarConfidence = 0.99, EsConfidence = 0.975, ImMultiplier = 1.3, RiskFreeRate = 0, McScenarios = 10000, McSeed = 42 },
            SpecBook.Load().Parameters);
        Assert.Equal(new RiskParameters(), BookLoader.Parse(SpecBook.With(root => root.Remove("parameters"))).Parameters);

        var partial = BookLoader.Parse(SpecBook.With(root => root["parameters"] = new JsonObject { ["horizonDays"] = 10, ["mcScenarios"] = SpecBook.Raw("1e4") }));
        Assert.Equal(new RiskParameters { HorizonDays = 10 }, partial.Parameters);
    }

    [Fact]
    public void Reads_accounts_with_dense_balances_positions_and_limits_by_index()
    {
        var account = SpecBook.Load().Accounts[0];

        Assert.Equal("MM1", account.Id);
        Assert.Equal([2_000_000.0, 10.0, 0.0], account.Balances);
        Assert.Equal([new Position(1, -10, 89000)], account.Positions);
        Assert.Equal(100, account.Limits.MaxOrderQty);
        Assert.Equal(5_000_000, account.Limits.MaxOrderNotional);
        Assert.Equal(0.05, account.Limits.PriceBand);
        Assert.Equal(200, account.Limits.MaxOpenOrders);
        Assert.Equal(1000, account.Limits.MaxOrdersPerSecond);
        Assert.Equal(new Dictionary<int, double> { [1] = 50 }, account.Limits.MaxPosition);
    }

    [Fact]
    public void Leaves_absent_limits_unenforced_and_absent_balances_and_positions_empty()
    {
        var json = SpecBook.With(root => root["accounts"]!.AsArray().Add(new JsonObject { ["id"] = "BARE" }));
        var bare = BookLoader.Parse(json).Accounts[1];

        Assert.Equal(1, bare.Index);
        Assert.Equal([0.0, 0.0, 0.0], bare.Balances);
        Assert.Empty(bare.Positions);
        Assert.Equal((null, null, null, null, null), (bare.Limits.MaxOrderQty, bare.Limits.MaxOrderNotional, bare.Limits.PriceBand, bare.Limits.MaxOpenOrders, bare.Limits.MaxOrdersPerSecond));
        Assert.Empty(bare.Limits.MaxPosition);
    }

    [Fact]
    public void Stores_NaN_for_an_option_position_without_entry_price_and_accepts_zero_quantity_and_borrows()
    {
        var json = SpecBook.With(root =>
        {
            root.Account(0)["balances"]!["USDT"] = -500;
            root.Account(0)["positions"]!.AsArray().Add(new JsonObject { ["instrument"] = "BTC-26MAR27-100000-C", ["qty"] = 0 });
        });
        var account = BookLoader.Parse(json).Accounts[0];

        Assert.Equal(-500, account.Balances[0]);
        Assert.Equal(3, account.Positions[1].Instrument);
        Assert.Equal(0, account.Positions[1].Quantity);
        Assert.True(double.IsNaN(account.Positions[1].EntryPrice));
    }

    [Fact]
    public void Allows_an_empty_account_and_instrument_list()
    {
        var book = BookLoader.Parse(SpecBook.With(root =>
        {
            root["accounts"] = new JsonArray();
            root["instruments"] = new JsonArray();
        }));

        Assert.Empty(book.Accounts);
        Assert.Empty(book.Instruments);
    }

    [Fact]
    public void Quotes_futures_in_their_underlying_when_the_book_has_no_USDT()
    {
        var json = """
            {
              "asOf": "2026-11-24T00:00:00Z",
              "assets": [ { "symbol": "BTC", "price": 90000, "vol": 0.55 } ],
              "instruments": [
                { "symbol": "BTC-PERP", "kind": "perpetual", "underlying": "BTC" },
                { "symbol": "BTC-26MAR27", "kind": "future", "underlying": "BTC", "expiry": "2027-03-26T08:00:00Z" }
              ],
              "accounts": []
            }
            """;

        Assert.All(BookLoader.Parse(json).Instruments, i => Assert.Equal(0, i.Quote));
    }

    [Fact]
    public void Uses_an_explicit_quote_asset()
    {
        var json = SpecBook.With(root => root.Instrument(3)["quote"] = "BTC");

        Assert.Equal(1, BookLoader.Parse(json).Instruments[3].Quote);
    }

    [Fact]
    public void Parses_the_same_book_from_text_bytes_with_a_byte_order_mark_and_a_file()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(SpecBook.Json)];
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, utf8);
            var fromText = SpecBook.Load();

            foreach (var book in new[] { BookLoader.Parse(utf8), BookLoader.Load(file), BookLoader.Parse("\uFEFF" + SpecBook.Json) })
            {
                Assert.Equal(fromText.Assets, book.Assets);
                Assert.Equal(fromText.Instruments, book.Instruments);
                Assert.Equal(fromText.Correlations, book.Correlations);
                Assert.Equal(fromText.Accounts[0].Balances, book.Accounts[0].Balances);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Loads_the_embedded_sample_book()
    {
        var sample = BookLoader.LoadSample();

        Assert.NotEmpty(sample.Assets);
        Assert.NotEmpty(sample.Instruments);
        Assert.NotEmpty(sample.Accounts);
    }

    [Fact]
    public void The_embedded_sample_is_the_samples_book_file()
    {
        string file = Path.Combine(AppContext.BaseDirectory, "samples", "book.json");

        var fromFile = BookLoader.Load(file);
        var embedded = BookLoader.LoadSample();

        Assert.Equal(fromFile.Assets, embedded.Assets);
        Assert.Equal(fromFile.Instruments, embedded.Instruments);
        Assert.Equal(fromFile.Accounts.Select(a => a.Id), embedded.Accounts.Select(a => a.Id));
    }
}
