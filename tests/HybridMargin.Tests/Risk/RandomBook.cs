using System.Globalization;
using System.Text;

namespace HybridMargin.Tests.Risk;

/// <summary>What <see cref="RandomBook"/> generates.</summary>
internal sealed record RandomBookShape
{
    public int MinAssets { get; init; } = 3;

    public int MaxAssets { get; init; } = 8;

    /// <summary>Options per non-stable asset (strikes and expiries random); the first asset also gets an expired option.</summary>
    public int OptionsPerAsset { get; init; } = 4;

    public int Accounts { get; init; } = 5;

    /// <summary>Most derivative positions per account at load.</summary>
    public int MaxPositions { get; init; } = 8;

    /// <summary>Typical USD size of a balance or position.</summary>
    public double Notional { get; init; } = 200_000;

    /// <summary>Writes limits: generous for most accounts, tight for every fifth one.</summary>
    public bool WithLimits { get; init; }

    /// <summary>Makes asset 1 a second stablecoin, USDC, with a spot instrument against USDT, and quotes some instruments in it.</summary>
    public bool WithSecondStable { get; init; }

    /// <summary>The risk-free rate; random (half the books 0) when null.</summary>
    public double? RiskFreeRate { get; init; }
}

/// <summary>
/// Random books as JSON text (loaded through <c>BookLoader.Parse</c>): asset 0 is USDT, the others have random
/// prices, vols, vol-of-vols, spot-vol correlations, haircuts and grid parameters; price correlations come from
/// random factor loadings (ρ = BBᵀ off the diagonal with |b_i|² ≤ 0.8, |spotVolCorrelation| ≤ 0.4, which keeps
/// the 2n×2n Σ positive definite); every non-stable asset has spot, a perpetual, a future and options; accounts
/// hold random balances (borrows included) and positions.
/// </summary>
internal static class RandomBook
{
    public const string AsOf = "2026-11-24T00:00:00Z";

    public static string Json(Random random, RandomBookShape shape)
    {
        var asOf = DateTimeOffset.Parse(AsOf, CultureInfo.InvariantCulture);
        int n = random.Next(shape.MinAssets, shape.MaxAssets + 1);
        bool Stable(int i) => i == 0 || (shape.WithSecondStable && i == 1);
        var symbols = Enumerable.Range(0, n).Select(i => i == 0 ? "USDT" : Stable(i) ? "USDC" : $"C{i}").ToArray();
        var prices = new double[n];
        var json = new StringBuilder();
        json.Append("{\n  \"asOf\": \"").Append(AsOf).Append("\",\n");
        json.Append("  \"parameters\": { ")
            .Append("\"horizonDays\": ").Append(F(Pick(random, 1, 1, 2, 0.5)))
            .Append(", \"varConfidence\": ").Append(F(Pick(random, 0.99, 0.995, 0.975)))
            .Append(", \"esConfidence\": ").Append(F(Pick(random, 0.975, 0.99)))
            .Append(", \"imMultiplier\": ").Append(F(Uniform(random, 1.05, 1.6)))
            .Append(", \"riskFreeRate\": ").Append(F(shape.RiskFreeRate ?? (random.NextDouble() < 0.5 ? 0 : Uniform(random, -0.01, 0.06))))
            .Append(" },\n");

        json.Append("  \"assets\": [\n");
        for (int i = 0; i < n; i++)
        {
            bool stable = Stable(i);
            prices[i] = stable ? 1 : Math.Exp(Uniform(random, Math.Log(0.05), Math.Log(100_000)));
            json.Append("    { \"symbol\": \"").Append(symbols[i]).Append('"')
                .Append(", \"price\": ").Append(F(prices[i]))
                .Append(", \"vol\": ").Append(F(stable ? 0.005 : Uniform(random, 0.1, 1.6)))
                .Append(", \"volOfVol\": ").Append(F(stable || random.NextDouble() < 0.25 ? 0 : Uniform(random, 0.005, 0.08)))
                .Append(", \"spotVolCorrelation\": ").Append(F(stable ? 0 : Uniform(random, -0.4, 0.4)))
                .Append(", \"haircut\": ").Append(F(i == 0 ? 0 : stable ? 0.01 : Uniform(random, 0, 0.3)))
                .Append(", \"priceRange\": ").Append(F(stable ? 0.02 : Uniform(random, 0.03, 0.4)))
                .Append(", \"volShock\": ").Append(F(stable || random.NextDouble() < 0.2 ? 0 : Uniform(random, 0.02, 0.25)));
            if (!stable && random.NextDouble() < 0.7)
            {
                json.Append(", \"shortOptionMinimum\": ").Append(F(Uniform(random, 0, 0.03)));
            }

            json.Append(i < n - 1 ? " },\n" : " }\n");
        }

        json.Append("  ],\n  \"correlations\": {");
        var loadings = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double x = Gaussian(random);
            double y = Gaussian(random);
            double scale = Math.Sqrt(0.8 * random.NextDouble() / ((x * x) + (y * y)));
            loadings[i] = [x * scale, y * scale];
        }

        string separator = "\n";
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double rho = (loadings[i][0] * loadings[j][0]) + (loadings[i][1] * loadings[j][1]);
                json.Append(separator).Append("    \"").Append(symbols[i]).Append('/').Append(symbols[j]).Append("\": ").Append(F(rho));
                separator = ",\n";
            }
        }

        json.Append("\n  },\n  \"instruments\": [\n");
        var instruments = new List<(string Symbol, string Kind, int Underlying, double Multiplier)>();
        var lines = new List<string>();
        if (shape.WithSecondStable)
        {
            lines.Add("{ \"symbol\": \"USDC\", \"kind\": \"spot\", \"underlying\": \"USDC\" }");
            instruments.Add(("USDC", "spot", 1, 1));
        }

        for (int i = 1; i < n; i++)
        {
            if (Stable(i))
            {
                continue;
            }

            string s = symbols[i];
            string Quote() => shape.WithSecondStable && random.NextDouble() < 0.3 ? ", \"quote\": \"USDC\"" : string.Empty;
            lines.Add($"{{ \"symbol\": \"{s}\", \"kind\": \"spot\", \"underlying\": \"{s}\"{Quote()} }}");
            instruments.Add((s, "spot", i, 1));
            double perpMultiplier = Pick(random, 1, 1, 0.1, 10);
            lines.Add($"{{ \"symbol\": \"{s}-PERP\", \"kind\": \"perpetual\", \"underlying\": \"{s}\", \"multiplier\": {F(perpMultiplier)} }}");
            instruments.Add(($"{s}-PERP", "perpetual", i, perpMultiplier));
            double futureMultiplier = Pick(random, 1, 0.01, 5);
            lines.Add($"{{ \"symbol\": \"{s}-F\", \"kind\": \"future\", \"underlying\": \"{s}\", \"multiplier\": {F(futureMultiplier)}, \"expiry\": \"{Expiry(asOf, Uniform(random, 5, 400))}\" }}");
            instruments.Add(($"{s}-F", "future", i, futureMultiplier));
            int firstCoin = shape.WithSecondStable ? 2 : 1;
            int options = shape.OptionsPerAsset + (i == firstCoin ? 1 : 0);
            for (int o = 0; o < options; o++)
            {
                bool expired = i == firstCoin && o == options - 1;
                double days = expired ? -Uniform(random, 0.5, 30) : (random.NextDouble() < 0.1 ? Uniform(random, 0.02, 1) : Uniform(random, 1, 500));
                double strike = prices[i] * Math.Exp(0.35 * Gaussian(random));
                string right = random.NextDouble() < 0.5 ? "call" : "put";
                double iv = random.NextDouble() < 0.05 ? 0.008 : Uniform(random, 0.15, 1.5);
                double multiplier = Pick(random, 1, 1, 0.1, 100);
                string symbol = $"{s}-O{o}-{(right == "call" ? 'C' : 'P')}";
                lines.Add($"{{ \"symbol\": \"{symbol}\", \"kind\": \"option\", \"underlying\": \"{s}\", \"multiplier\": {F(multiplier)}, \"expiry\": \"{Expiry(asOf, days)}\", \"strike\": {F(strike)}, \"right\": \"{right}\", \"iv\": {F(iv)}{Quote()} }}");
                instruments.Add((symbol, "option", i, multiplier));
            }
        }

        json.Append("    ").Append(string.Join(",\n    ", lines)).Append("\n  ],\n  \"accounts\": [\n");
        var derivatives = instruments.Where(x => x.Kind != "spot").ToList();
        for (int a = 0; a < shape.Accounts; a++)
        {
            json.Append("    { \"id\": \"ACC").Append(a).Append("\", \"balances\": { ");
            var balances = new List<string>();
            for (int i = 0; i < n; i++)
            {
                if (i == 0 || random.NextDouble() < 0.6)
                {
                    // Collateral mostly, sometimes a borrow.
                    double usd = shape.Notional * Math.Exp(Gaussian(random)) * (random.NextDouble() < 0.2 ? -0.5 : 1);
                    balances.Add($"\"{symbols[i]}\": {F(usd / prices[i])}");
                }
            }

            json.Append(string.Join(", ", balances)).Append(" }, \"positions\": [");
            var held = derivatives.OrderBy(_ => random.Next()).Take(random.Next(0, shape.MaxPositions + 1)).ToList();
            var positions = new List<string>();
            foreach (var (symbol, kind, underlying, multiplier) in held)
            {
                double quantity = shape.Notional * Math.Exp(Gaussian(random)) / (prices[underlying] * multiplier) * (random.NextDouble() < 0.5 ? -1 : 1);
                string entry = kind == "option"
                    ? (random.NextDouble() < 0.5 ? string.Empty : $", \"entryPrice\": {F(prices[underlying] * 0.05)}")
                    : $", \"entryPrice\": {F(prices[underlying] * Math.Exp(0.05 * Gaussian(random)))}";
                positions.Add($"{{ \"instrument\": \"{symbol}\", \"qty\": {F(quantity)}{entry} }}");
            }

            json.Append(string.Join(", ", positions)).Append(']');
            if (shape.WithLimits)
            {
                json.Append(", \"limits\": ").Append(a % 5 == 4
                    ? "{ \"maxOrderQty\": 50, \"maxOrderNotional\": 100000, \"priceBand\": 0.01, \"maxOpenOrders\": 4, \"maxOrdersPerSecond\": 3 }"
                    : "{ \"maxOrderQty\": 1e9, \"maxOrderNotional\": 1e8, \"priceBand\": 0.2, \"maxOpenOrders\": 40, \"maxOrdersPerSecond\": 1000 }");
            }

            json.Append(a < shape.Accounts - 1 ? " },\n" : " }\n");
        }

        json.Append("  ]\n}\n");
        return json.ToString();
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    private static double Pick(Random random, params double[] values) => values[random.Next(values.Length)];

    private static string Expiry(DateTimeOffset asOf, double days) =>
        asOf.AddSeconds(Math.Round(days * 86_400)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
