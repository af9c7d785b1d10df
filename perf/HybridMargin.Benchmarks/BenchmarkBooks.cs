using System.Text;
using System.Text.Json;

namespace HybridMargin.Benchmarks;

/// <summary>
/// The books the engine benchmarks run on, written in code as SPEC §3 JSON and loaded through
/// <c>BookLoader.Parse</c>, so they go through the same strict validation as a book file.
/// </summary>
internal static class BenchmarkBooks
{
    public const string AsOf = "2026-11-24T00:00:00Z";

    private static readonly string[] Expiries = ["2026-12-25", "2027-03-26"];

    /// <summary>
    /// A typical book: USDT, BTC, ETH, SOL with a perpetual, two futures and 5 strikes × call/put × 2 expiries
    /// of options per coin (69 instruments). Account <c>TYPICAL</c> holds 30 positions across the three coins
    /// plus USDT, BTC and ETH balances.
    /// </summary>
    public static string Typical()
    {
        var coins = new[]
        {
            new Coin("BTC", 90_000, 0.55, 0.03, -0.30, 0.05, 0.15, 0.10, 0.010, [72_000, 81_000, 90_000, 99_000, 108_000]),
            new Coin("ETH", 3_000, 0.70, 0.04, -0.30, 0.07, 0.20, 0.12, 0.010, [2_400, 2_700, 3_000, 3_300, 3_600]),
            new Coin("SOL", 135, 0.90, 0.05, -0.20, 0.10, 0.25, 0.15, 0.015, [110, 120, 135, 150, 160]),
        };

        return Write(w =>
        {
            WriteHeader(w);
            w.WriteStartArray("assets");
            WriteUsdt(w);
            foreach (var c in coins)
            {
                WriteAsset(w, c);
            }

            w.WriteEndArray();

            w.WriteStartObject("correlations");
            w.WriteNumber("BTC/ETH", 0.85);
            w.WriteNumber("BTC/SOL", 0.75);
            w.WriteNumber("ETH/SOL", 0.78);
            w.WriteEndObject();

            w.WriteStartArray("instruments");
            foreach (var c in coins)
            {
                WriteInstrument(w, $"{c.Symbol}-PERP", "perpetual", c.Symbol);
                WriteInstrument(w, $"{c.Symbol}-26MAR27", "future", c.Symbol, expiry: "2027-03-26");
                WriteInstrument(w, $"{c.Symbol}-25JUN27", "future", c.Symbol, expiry: "2027-06-25");
                foreach (string expiry in Expiries)
                {
                    for (int k = 0; k < c.Strikes.Length; k++)
                    {
                        double strike = c.Strikes[k];
                        // A mild smile: wings above the at-the-money vol.
                        double iv = c.Vol + (0.04 * Math.Abs(k - 2)) + (expiry == Expiries[1] ? 0.01 : 0);
                        WriteInstrument(w, OptionSymbol(c.Symbol, expiry, strike, "C"), "option", c.Symbol, expiry, strike, "call", iv);
                        WriteInstrument(w, OptionSymbol(c.Symbol, expiry, strike, "P"), "option", c.Symbol, expiry, strike, "put", iv);
                    }
                }
            }

            w.WriteEndArray();

            w.WriteStartArray("accounts");
            w.WriteStartObject();
            w.WriteString("id", "TYPICAL");
            w.WriteStartObject("balances");
            w.WriteNumber("USDT", 3_000_000);
            w.WriteNumber("BTC", 10);
            w.WriteNumber("ETH", 100);
            w.WriteEndObject();

            w.WriteStartArray("positions");
            // BTC: 11 positions (a basis trade, a calendar, an iron-condor-like option book).
            WritePosition(w, "BTC-PERP", -12, 89_500);
            WritePosition(w, "BTC-26MAR27", 5, 91_000);
            WritePosition(w, "BTC-25JUN27", 3, 92_500);
            WritePosition(w, OptionSymbol("BTC", "2026-12-25", 99_000, "C"), -8);
            WritePosition(w, OptionSymbol("BTC", "2026-12-25", 81_000, "P"), -8);
            WritePosition(w, OptionSymbol("BTC", "2026-12-25", 108_000, "C"), 8);
            WritePosition(w, OptionSymbol("BTC", "2026-12-25", 72_000, "P"), 8);
            WritePosition(w, OptionSymbol("BTC", "2027-03-26", 90_000, "C"), 4);
            WritePosition(w, OptionSymbol("BTC", "2027-03-26", 90_000, "P"), 4);
            WritePosition(w, OptionSymbol("BTC", "2027-03-26", 99_000, "C"), -3);
            WritePosition(w, OptionSymbol("BTC", "2027-03-26", 81_000, "P"), -2);

            // ETH: 10 positions.
            WritePosition(w, "ETH-PERP", -60, 2_980);
            WritePosition(w, "ETH-26MAR27", 20, 3_040);
            WritePosition(w, OptionSymbol("ETH", "2026-12-25", 3_000, "C"), -50);
            WritePosition(w, OptionSymbol("ETH", "2026-12-25", 3_000, "P"), -50);
            WritePosition(w, OptionSymbol("ETH", "2026-12-25", 3_600, "C"), 40);
            WritePosition(w, OptionSymbol("ETH", "2026-12-25", 2_400, "P"), 40);
            WritePosition(w, OptionSymbol("ETH", "2027-03-26", 3_300, "C"), 25);
            WritePosition(w, OptionSymbol("ETH", "2027-03-26", 2_700, "P"), 25);
            WritePosition(w, OptionSymbol("ETH", "2027-03-26", 3_600, "C"), -20);
            WritePosition(w, OptionSymbol("ETH", "2027-03-26", 2_400, "P"), -15);

            // SOL: 9 positions.
            WritePosition(w, "SOL-PERP", 2_000, 131);
            WritePosition(w, "SOL-26MAR27", -500, 137);
            WritePosition(w, OptionSymbol("SOL", "2026-12-25", 150, "C"), -1_000);
            WritePosition(w, OptionSymbol("SOL", "2026-12-25", 120, "P"), -1_000);
            WritePosition(w, OptionSymbol("SOL", "2026-12-25", 160, "C"), 800);
            WritePosition(w, OptionSymbol("SOL", "2026-12-25", 110, "P"), 800);
            WritePosition(w, OptionSymbol("SOL", "2027-03-26", 135, "C"), 300);
            WritePosition(w, OptionSymbol("SOL", "2027-03-26", 135, "P"), 300);
            WritePosition(w, OptionSymbol("SOL", "2027-03-26", 150, "C"), -200);
            w.WriteEndArray();

            WriteLimits(w, maxOrderQty: 10_000, maxOrderNotional: 100_000_000, priceBand: 0.10, maxOpenOrders: 500, maxOrdersPerSecond: 1_000,
                ("BTC-PERP", 500), (OptionSymbol("BTC", "2027-03-26", 90_000, "C"), 5_000), (OptionSymbol("BTC", "2027-03-26", 99_000, "C"), 5_000));
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    /// <summary>
    /// A dense book: 64 coins A00…A63 plus USDT (65 assets, 130 risk factors), one-factor correlations
    /// ρ_ij = 0.5 between every pair of coins, and per coin a perpetual, an at-the-money call and a 90 % put
    /// (192 instruments). Account <c>DENSE</c> is long the perpetual of every coin and long or short one option
    /// of each (128 positions), so its delta and vega exposures are non-zero on all 64 coins.
    /// </summary>
    /// <remarks>
    /// The coins' scenario-grid priceRange (0.06) is below their 1-day 99 % VaR move (≈ 9.7 %), so for this
    /// diversified directional book the parametric VaR, not the grid, decides the margin: a margin reject then
    /// takes the expensive branch of the dominant-underlying search (Σ·e over the 130 factors).
    /// </remarks>
    public static string Dense()
    {
        const int coins = 64;
        return Write(w =>
        {
            WriteHeader(w);
            w.WriteStartArray("assets");
            WriteUsdt(w);
            for (int i = 0; i < coins; i++)
            {
                WriteAsset(w, new Coin(DenseCoin(i), DensePrice(i), 0.80, 0.05, -0.20, 0.10, 0.06, 0.10, 0.01, []));
            }

            w.WriteEndArray();

            w.WriteStartObject("correlations");
            for (int i = 0; i < coins; i++)
            {
                for (int j = i + 1; j < coins; j++)
                {
                    w.WriteNumber($"{DenseCoin(i)}/{DenseCoin(j)}", 0.5);
                }
            }

            w.WriteEndObject();

            w.WriteStartArray("instruments");
            for (int i = 0; i < coins; i++)
            {
                string coin = DenseCoin(i);
                double price = DensePrice(i);
                WriteInstrument(w, $"{coin}-PERP", "perpetual", coin);
                WriteInstrument(w, $"{coin}-C", "option", coin, "2027-03-26", price, "call", 0.80);
                WriteInstrument(w, $"{coin}-P", "option", coin, "2027-03-26", Math.Round(price * 0.9, 2), "put", 0.85);
            }

            w.WriteEndArray();

            w.WriteStartArray("accounts");
            w.WriteStartObject();
            w.WriteString("id", "DENSE");
            w.WriteStartObject("balances");
            w.WriteNumber("USDT", 3_000_000);
            w.WriteEndObject();
            w.WriteStartArray("positions");
            for (int i = 0; i < coins; i++)
            {
                string coin = DenseCoin(i);
                double price = DensePrice(i);
                double units = Math.Round(100_000 / price);
                WritePosition(w, $"{coin}-PERP", units, Math.Round(price * 0.99, 2));
                if (i % 2 == 0)
                {
                    WritePosition(w, $"{coin}-P", units / 2); // protective puts
                }
                else
                {
                    WritePosition(w, $"{coin}-C", -units / 4); // covered calls
                }
            }

            w.WriteEndArray();
            WriteLimits(w, maxOrderQty: 10_000_000, maxOrderNotional: 1_000_000_000, priceBand: 0.10, maxOpenOrders: 500, maxOrdersPerSecond: 1_000,
                ("A07-PERP", 5_000_000), ("A07-C", 5_000_000));
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    public static string DenseCoin(int i) => $"A{i:D2}";

    public static double DensePrice(int i) => 10 + (5 * i);

    public static string OptionSymbol(string coin, string expiry, double strike, string right)
    {
        var date = DateTime.ParseExact(expiry, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{coin}-{date:ddMMMyy}-{strike}-{right}").ToUpperInvariant();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteHeader(Utf8JsonWriter w)
    {
        w.WriteString("asOf", AsOf);
        w.WriteStartObject("parameters");
        w.WriteNumber("horizonDays", 1);
        w.WriteNumber("varConfidence", 0.99);
        w.WriteNumber("esConfidence", 0.975);
        w.WriteNumber("imMultiplier", 1.3);
        w.WriteNumber("riskFreeRate", 0.0);
        w.WriteNumber("mcScenarios", 10_000);
        w.WriteNumber("mcSeed", 42);
        w.WriteEndObject();
    }

    private static void WriteUsdt(Utf8JsonWriter w) =>
        WriteAsset(w, new Coin("USDT", 1, 0.005, 0, 0, 0, 0.02, 0, 0, []));

    private static void WriteAsset(Utf8JsonWriter w, Coin c)
    {
        w.WriteStartObject();
        w.WriteString("symbol", c.Symbol);
        w.WriteNumber("price", c.Price);
        w.WriteNumber("vol", c.Vol);
        w.WriteNumber("volOfVol", c.VolOfVol);
        w.WriteNumber("spotVolCorrelation", c.SpotVolCorrelation);
        w.WriteNumber("haircut", c.Haircut);
        w.WriteNumber("priceRange", c.PriceRange);
        w.WriteNumber("volShock", c.VolShock);
        w.WriteNumber("shortOptionMinimum", c.ShortOptionMinimum);
        w.WriteEndObject();
    }

    private static void WriteInstrument(Utf8JsonWriter w, string symbol, string kind, string underlying,
        string? expiry = null, double strike = 0, string? right = null, double iv = 0)
    {
        w.WriteStartObject();
        w.WriteString("symbol", symbol);
        w.WriteString("kind", kind);
        w.WriteString("underlying", underlying);
        w.WriteNumber("multiplier", 1);
        if (expiry is not null)
        {
            w.WriteString("expiry", expiry + "T08:00:00Z");
        }

        if (right is not null)
        {
            w.WriteNumber("strike", strike);
            w.WriteString("right", right);
            w.WriteNumber("iv", iv);
        }

        w.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter w, string instrument, double qty, double? entryPrice = null)
    {
        w.WriteStartObject();
        w.WriteString("instrument", instrument);
        w.WriteNumber("qty", qty);
        if (entryPrice is { } price)
        {
            w.WriteNumber("entryPrice", price);
        }

        w.WriteEndObject();
    }

    private static void WriteLimits(Utf8JsonWriter w, double maxOrderQty, double maxOrderNotional, double priceBand,
        int maxOpenOrders, int maxOrdersPerSecond, params (string Instrument, double Max)[] maxPosition)
    {
        w.WriteStartObject("limits");
        w.WriteNumber("maxOrderQty", maxOrderQty);
        w.WriteNumber("maxOrderNotional", maxOrderNotional);
        w.WriteNumber("priceBand", priceBand);
        w.WriteNumber("maxOpenOrders", maxOpenOrders);
        w.WriteNumber("maxOrdersPerSecond", maxOrdersPerSecond);
        w.WriteStartObject("maxPosition");
        foreach (var (instrument, max) in maxPosition)
        {
            w.WriteNumber(instrument, max);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private sealed record Coin(
        string Symbol,
        double Price,
        double Vol,
        double VolOfVol,
        double SpotVolCorrelation,
        double Haircut,
        double PriceRange,
        double VolShock,
        double ShortOptionMinimum,
        double[] Strikes);
}
