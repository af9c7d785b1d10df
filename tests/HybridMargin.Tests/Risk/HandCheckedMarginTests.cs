using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Tests.Reference;

namespace HybridMargin.Tests.Risk;

/// <summary>
/// Small portfolios whose figures are worked out by hand in the comments (option values with Python's
/// math.erfc, an implementation independent of both the engine and the reference). Each case asserts the
/// engine and the reference against the hand numbers.
/// Market: τ = 1/365, √τ = 0.052342392..., z_0.99 = 2.326347874040839, n(z_0.975)/0.025 = 2.337802792201419,
/// imMultiplier 1.3; T(26MAR27 08:00) = 122⅓ days / 365 = 0.33515981735159817.
/// </summary>
public sealed class HandCheckedMarginTests
{
    private const double ZAlpha = 2.326347874040839;
    private const double EsFactor = 2.337802792201419;

    private static readonly double SqrtTau = Math.Sqrt(1.0 / 365);

    [Fact]
    public void Single_long_spot_var_is_z_times_delta_times_sigma_root_tau()
    {
        // D = 10 BTC × 90,000 = 900,000; s = |D|·σ·√τ = 900,000 × 0.55 × 0.0523424 = 25,909.484168;
        // VaR = 2.3263479 × 25,909.484 = 60,274.4734; ES = 2.3378028 × 25,909.484 = 60,571.2644 (no gamma: μ = 0).
        // Grid: the −15 % move loses 900,000 × 0.15 = 135,000 (the −30 % extreme counts 0.35 × 270,000 = 94,500).
        var (figures, standalone) = Margin("""{ "id": "X", "balances": { "BTC": 10 } }""");
        AssertClose(ZAlpha * 900_000 * 0.55 * SqrtTau, figures.VarParametric);
        AssertClose(60_274.473412223095, figures.VarParametric);
        AssertClose(60_571.26443295285, figures.EsParametric);
        AssertClose(135_000, figures.GridLoss);
        AssertClose(135_000, figures.MaintenanceMargin);
        AssertClose(175_500, figures.InitialMargin);
        AssertClose(175_500, standalone);
        AssertClose(10 * 90_000 * 0.95, figures.Equity);
    }

    [Fact]
    public void Single_short_perp_grid_loss_is_quantity_times_spot_times_price_range()
    {
        // −10 BTC-PERP: the +15 % move loses 10 × 90,000 × 0.15 = 135,000 exactly; the +30 % extreme at 35 %
        // loses 94,500. Nothing else is held, so GridLoss = 135,000, above VaR = z·900,000·σ√τ = 60,274.47.
        // Equity = −10 × (90,000 − 88,000) = −20,000.
        var (figures, _) = Margin("""{ "id": "X", "positions": [ { "instrument": "BTC-PERP", "qty": -10, "entryPrice": 88000 } ] }""");
        AssertClose(10 * 90_000 * 0.15, figures.GridLoss);
        AssertClose(60_274.473412223095, figures.VarParametric);
        AssertClose(135_000 * 1.3, figures.InitialMargin);
        AssertClose(-20_000, figures.Equity);
    }

    [Fact]
    public void Borrow_is_valued_with_one_plus_haircut()
    {
        // USDC −1,000,000 at 1.00 with haircut 2 %: −1,000,000 × 1.02 = −1,020,000 (a (1 − h) would give −980,000);
        // BTC 20 × 90,000 × (1 − 0.05) = 1,710,000. Equity = 690,000.
        var (figures, _) = Margin("""{ "id": "X", "balances": { "USDC": -1000000, "BTC": 20 } }""");
        AssertClose(690_000, figures.Equity);
    }

    [Fact]
    public void Basis_trade_needs_a_tiny_fraction_of_its_standalone_margin()
    {
        // +100 BTC, −100 BTC-PERP at 90,000, 250,000 USDT.
        // Portfolio: D_BTC = 9,000,000 − 9,000,000 = 0 and the BTC grid nets to 0 in every scenario.
        //   USDT: VaR = z × 250,000 × 0.005 × √τ = 152.208; grid 250,000 × 0.02 = 5,000.
        //   MM = max(152.21, 5,000) = 5,000, IM = 6,500.
        // Standalone: BTC leg max(z × 9,000,000 × 0.55 × √τ = 602,744.73, 9,000,000 × 0.15 = 1,350,000) = 1,350,000;
        //   perp leg the same 1,350,000; USDT leg 5,000. (2,705,000) × 1.3 = 3,516,500.
        // Efficiency = 1 − 6,500 / 3,516,500 = 99.815 %.
        // Equity = 250,000 + 100 × 90,000 × 0.95 + (−100) × (90,000 − 90,000) = 8,800,000.
        var (figures, standalone) = Margin("""
            { "id": "X", "balances": { "USDT": 250000, "BTC": 100 },
              "positions": [ { "instrument": "BTC-PERP", "qty": -100, "entryPrice": 90000 } ] }
            """);
        AssertClose(152.2082661924825, figures.VarParametric);
        AssertClose(5_000, figures.GridLoss);
        AssertClose(6_500, figures.InitialMargin);
        AssertClose(3_516_500, standalone);
        AssertClose(8_800_000, figures.Equity);
        double efficiency = 1 - (figures.InitialMargin / standalone);
        Assert.True(efficiency > 0.95, $"efficiency {efficiency}");
        AssertClose(0.9981515711645101, efficiency);
    }

    [Fact]
    public void Covered_call_portfolio_margin_is_below_the_sum_of_its_legs()
    {
        // 50 ETH + 15,000 USDT, short 50 ETH-26MAR27-3600-C (iv 0.70, S = 3,000, r = 0):
        //   σ√T = 0.7 × √0.33516 = 0.405253; d1 = (ln(3000/3600) + ½·0.405253²)/0.405253 = −0.247272, d2 = −0.652523;
        //   C = 3000·N(d1) − 3600·N(d2) = 281.73159; delta N(d1) = 0.4023487; gamma 3.18264e-4; vega 672.01677.
        // Equity = 15,000 + 50 × 3,000 × 0.93 − 50 × 281.73159 = 140,413.4206.
        // Grid: worst is −18 % with vol +12 points: 50 ETH lose 27,000, the short call gains back 5,766.24 → scan 21,233.762;
        //   SOM = 0.01 × 3,000 × 50 = 1,500; USDT 15,000 × 0.02 = 300 → GridLoss = 21,533.762.
        //   D = 150,000 − 50 × 0.4023487 × 3,000 = 89,647.70; VaR = 9,184.61 < GridLoss → IM = 1.3 × 21,533.762 = 27,993.891.
        // Legs alone: ETH max(VaR, 27,000) = 27,000; short call max(VaR, scan, SOM) = 17,924.803; USDT 300
        //   → standalone IM = 1.3 × 45,224.803 = 58,792.244.
        var (figures, standalone) = Margin("""
            { "id": "X", "balances": { "USDT": 15000, "ETH": 50 },
              "positions": [ { "instrument": "ETH-26MAR27-3600-C", "qty": -50, "entryPrice": 300 } ] }
            """);
        AssertClose(140_413.42060093148, figures.Equity);
        AssertClose(9_184.609081479153, figures.VarParametric);
        AssertClose(9_229.360663437626, figures.EsParametric);
        AssertClose(21_533.76223763395, figures.GridLoss);
        AssertClose(27_993.890908924135, figures.InitialMargin);
        AssertClose(58_792.243672351906, standalone);
        Assert.True(figures.InitialMargin < standalone);
    }

    [Fact]
    public void Short_strangle_collateralised_with_btc_is_margined_by_its_worst_scenario()
    {
        // 20 BTC + 100,000 USDT, short 10 BTC-26MAR27-110000-C and 10 BTC-26MAR27-70000-P (iv 0.60, S = 90,000):
        //   σ√T = 0.347356; call d1 = −0.404027, C = 5,995.5224; put d1 = 0.897182, P = 3,752.4204.
        // Equity = 100,000 + 20 × 90,000 × 0.95 − 10 × (5,995.5224 + 3,752.4204) = 1,712,520.5721.
        // Grid: worst is −15 % with vol +10 points (the BTC collateral loses 270,000, the two short options 27,537.59 more):
        //   scan 297,537.5904 > SOM 0.01 × 90,000 × 20 = 18,000; USDT 2,000 → GridLoss = 299,537.5904.
        // VaR: D = 1,657,543.03, G = −1,643,811.50, V = −330,563.74, μ = ½·G·σ²τ = −681.17 → VaR = 120,667.4513.
        // IM = 1.3 × 299,537.5904 = 389,398.8675.
        var (figures, _) = Margin("""
            { "id": "X", "balances": { "USDT": 100000, "BTC": 20 },
              "positions": [ { "instrument": "BTC-26MAR27-110000-C", "qty": -10 },
                             { "instrument": "BTC-26MAR27-70000-P", "qty": -10 } ] }
            """);
        AssertClose(1_712_520.5720727004, figures.Equity);
        AssertClose(120_667.45133902409, figures.VarParametric);
        AssertClose(121_258.26282774356, figures.EsParametric);
        AssertClose(299_537.59040037234, figures.GridLoss);
        AssertClose(389_398.8675204841, figures.InitialMargin);
    }

    [Fact]
    public void Es_and_var_of_a_linear_portfolio_differ_only_by_their_quantile_factor()
    {
        // No gamma: μ = 0, so ES / VaR = (n(z_β)/(1 − β)) / z_α = 2.3378028 / 2.3263479.
        var (figures, _) = Margin("""{ "id": "X", "balances": { "BTC": 3, "ETH": -40, "USDT": 5000 } }""");
        AssertClose(EsFactor / ZAlpha, figures.EsParametric / figures.VarParametric);
    }

    private const string BookJson = """
        {
          "asOf": "2026-11-24T00:00:00Z",
          "parameters": { "horizonDays": 1, "varConfidence": 0.99, "esConfidence": 0.975, "imMultiplier": 1.3, "riskFreeRate": 0.0 },
          "assets": [
            { "symbol": "USDT", "price": 1,     "vol": 0.005, "priceRange": 0.02 },
            { "symbol": "USDC", "price": 1,     "vol": 0.005, "haircut": 0.02, "priceRange": 0.02 },
            { "symbol": "BTC",  "price": 90000, "vol": 0.55, "volOfVol": 0.03, "spotVolCorrelation": -0.3, "haircut": 0.05, "priceRange": 0.15, "volShock": 0.10, "shortOptionMinimum": 0.01 },
            { "symbol": "ETH",  "price": 3000,  "vol": 0.7,  "volOfVol": 0.04, "spotVolCorrelation": -0.3, "haircut": 0.07, "priceRange": 0.18, "volShock": 0.12, "shortOptionMinimum": 0.01 }
          ],
          "correlations": { "BTC/ETH": 0.85 },
          "instruments": [
            { "symbol": "BTC", "kind": "spot", "underlying": "BTC" },
            { "symbol": "ETH", "kind": "spot", "underlying": "ETH" },
            { "symbol": "BTC-PERP", "kind": "perpetual", "underlying": "BTC" },
            { "symbol": "BTC-26MAR27-110000-C", "kind": "option", "underlying": "BTC", "expiry": "2027-03-26T08:00:00Z", "strike": 110000, "right": "call", "iv": 0.6 },
            { "symbol": "BTC-26MAR27-70000-P",  "kind": "option", "underlying": "BTC", "expiry": "2027-03-26T08:00:00Z", "strike": 70000,  "right": "put",  "iv": 0.6 },
            { "symbol": "ETH-26MAR27-3600-C",   "kind": "option", "underlying": "ETH", "expiry": "2027-03-26T08:00:00Z", "strike": 3600,   "right": "call", "iv": 0.7 }
          ],
          "accounts": [ ACCOUNT ]
        }
        """;

    /// <summary>The engine's figures and standalone IM of the one account, after checking that the reference agrees with them.</summary>
    private static (MarginFigures Figures, double Standalone) Margin(string account)
    {
        var book = BookLoader.Parse(BookJson.Replace("ACCOUNT", account, StringComparison.Ordinal));
        var engine = new RiskEngine(book);
        var state = ReferenceState.FromBook(book, 0);
        var figures = engine.Figures(0);
        double standalone = engine.StandaloneInitialMargin(0);
        MarginAssert.Equal(ReferenceMargin.Compute(book, state), figures, "the hand-checked account");
        MarginAssert.Close(ReferenceMargin.StandaloneInitialMargin(book, state), standalone, "StandaloneIM of the hand-checked account");
        return (figures, standalone);
    }

    private static void AssertClose(double expected, double actual) =>
        MarginAssert.Close(expected, actual, "hand-checked figure", tolerance: 1e-9);
}
