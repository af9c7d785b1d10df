using System.Collections.Concurrent;
using HybridMargin.Books;

namespace HybridMargin.Tests.Reference;

/// <summary>
/// Margin figures of one account state (SPEC §4.2–§4.5), with two intermediate results: Exposure, the factor
/// exposure e = (D, V) of §4.3 (2n entries), and LossByUnderlying, Loss_i of §4.4 per asset.
/// </summary>
internal sealed record ReferenceFigures(
    double Equity,
    double VarParametric,
    double EsParametric,
    double GridLoss,
    double MaintenanceMargin,
    double InitialMargin,
    double[] Exposure,
    double[] LossByUnderlying)
{
    public double Excess => Equity - InitialMargin;
}

/// <summary>
/// An independent, deliberately plain implementation of SPEC §4.1–§4.5 for one account, used to hold the
/// engine to the SPEC. It reads only the book's static data; nothing of the library's pricing, risk, numerics
/// or engine code is used. Dense matrices, double loops and full revaluation: slow and easy to audit.
/// </summary>
internal static class ReferenceMargin
{
    /// <summary>Lowest shocked vol in the scenario grid (§4.4).</summary>
    public const double VolFloor = 0.01;

    /// <summary>Share of the extreme moves' P&amp;L that counts (§4.4).</summary>
    public const double ExtremeWeight = 0.35;

    private static readonly ConcurrentDictionary<double, double> Quantiles = new();

    /// <summary>
    /// The 29 scenarios of §4.4: nine price moves (multiples of priceRange) × three vol moves (multiples of
    /// volShock) at full weight, and ±2·priceRange with the vol unchanged at 35 %.
    /// </summary>
    public static IReadOnlyList<(double PriceMove, double VolMove, double Weight)> Scenarios { get; } = BuildScenarios();

    /// <summary>Equity, VaR, ES, grid loss, MM and IM of the state (modelAddOn = 0).</summary>
    public static ReferenceFigures Compute(Book book, ReferenceState state)
    {
        var parameters = book.Parameters;
        int n = book.Assets.Count;

        // §4.2 Equity: haircut balances + futures/perps (q·m·mark − cost) + options q·m·V.
        double equity = 0;
        for (int a = 0; a < n; a++)
        {
            double b = state.Balances[a];
            double h = book.Assets[a].Haircut;
            equity += b >= 0 ? b * state.Marks[a] * (1 - h) : b * state.Marks[a] * (1 + h);
        }

        foreach (var (index, holding) in state.Derivatives)
        {
            var instrument = book.Instruments[index];
            double value = ReferencePricing.Value(book, instrument, state.Marks[instrument.Underlying], state.ImpliedVols[index]);
            double marked = holding.Quantity * instrument.Multiplier * value;
            equity += instrument.Kind == InstrumentKind.Option ? marked : marked - holding.Cost;
        }

        // §4.3 Aggregates per asset: D (balances with delta 1), G, V.
        var d = new double[n];
        var g = new double[n];
        var v = new double[n];
        for (int a = 0; a < n; a++)
        {
            d[a] = state.Balances[a] * state.Marks[a];
        }

        foreach (var (index, holding) in state.Derivatives)
        {
            var instrument = book.Instruments[index];
            int u = instrument.Underlying;
            double s = state.Marks[u];
            double units = holding.Quantity * instrument.Multiplier;
            var (delta, gamma, vega) = ReferencePricing.Greeks(book, instrument, s, state.ImpliedVols[index]);
            d[u] += units * delta * s;
            g[u] += units * gamma * s * s;
            v[u] += units * vega;
        }

        // §4.3 Parametric VaR and ES: e = (D, V), s² = eᵀΣe + ½ΣΣ G_i G_j Σ_ij², μ = ½Σ G_i Σ_ii.
        var sigma = Covariance(book);
        var e = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            e[i] = d[i];
            e[n + i] = v[i];
        }

        double variance = 0;
        for (int k = 0; k < 2 * n; k++)
        {
            for (int l = 0; l < 2 * n; l++)
            {
                variance += e[k] * sigma[k, l] * e[l];
            }
        }

        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += 0.5 * g[i] * sigma[i, i];
            for (int j = 0; j < n; j++)
            {
                variance += 0.5 * g[i] * g[j] * sigma[i, j] * sigma[i, j];
            }
        }

        double sd = Math.Sqrt(Math.Max(variance, 0));
        double zAlpha = Quantile(parameters.VarConfidence);
        double zBeta = Quantile(parameters.EsConfidence);
        double var = Math.Max(0, -mean + (zAlpha * sd));
        double es = Math.Max(0, -mean + (sd * ReferenceNormal.Density(zBeta) / (1 - parameters.EsConfidence)));

        // §4.4 Scenario grid, underlying by underlying, no offsets across underlyings.
        var losses = new double[n];
        for (int u = 0; u < n; u++)
        {
            losses[u] = UnderlyingLoss(book, state, u);
        }

        double gridLoss = losses.Sum();

        // §4.5 Requirements (modelAddOn is 0 until the background recalculation sets it).
        double maintenance = Math.Max(var, gridLoss);
        return new ReferenceFigures(equity, var, es, gridLoss, maintenance, maintenance * parameters.ImMultiplier, e, losses);
    }

    /// <summary>
    /// Standalone IM (§4.5): imMultiplier × Σ over each non-zero balance and each non-zero derivative holding of
    /// the MM of a portfolio holding that leg alone.
    /// </summary>
    public static double StandaloneInitialMargin(Book book, ReferenceState state)
    {
        double total = 0;
        int n = book.Assets.Count;
        for (int a = 0; a < n; a++)
        {
            if (state.Balances[a] != 0)
            {
                var balance = new double[n];
                balance[a] = state.Balances[a];
                total += Compute(book, new ReferenceState(state.Marks, state.ImpliedVols, balance)).MaintenanceMargin;
            }
        }

        foreach (var leg in state.Derivatives)
        {
            if (leg.Value.Quantity != 0)
            {
                total += Compute(book, new ReferenceState(state.Marks, state.ImpliedVols, new double[n], [leg])).MaintenanceMargin;
            }
        }

        return total * book.Parameters.ImMultiplier;
    }

    /// <summary>
    /// Σ over the 2n factors (§4.3): i &lt; n the return of asset i, n + i the change of its implied vol.
    /// cov(r_i, r_j) = ρ_ij σ_i σ_j τ, var(v_i) = volOfVol_i²·h, cov(r_i, v_i) = spotVolCorrelation_i·σ_i√τ·volOfVol_i√h.
    /// </summary>
    public static double[,] Covariance(Book book)
    {
        int n = book.Assets.Count;
        double h = book.Parameters.HorizonDays;
        double tau = h / 365;
        var sigma = new double[2 * n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            var asset = book.Assets[i];
            for (int j = 0; j < n; j++)
            {
                sigma[i, j] = book.Correlation(i, j) * asset.Vol * book.Assets[j].Vol * tau;
            }

            sigma[n + i, n + i] = asset.VolOfVol * asset.VolOfVol * h;
            sigma[i, n + i] = asset.SpotVolCorrelation * asset.Vol * Math.Sqrt(tau) * asset.VolOfVol * Math.Sqrt(h);
            sigma[n + i, i] = sigma[i, n + i];
        }

        return sigma;
    }

    /// <summary>z_p, the standard normal quantile (memoised: the bisection is slow).</summary>
    public static double Quantile(double p) => Quantiles.GetOrAdd(p, ReferenceNormal.Quantile);

    /// <summary>
    /// Loss_u = max(ScanLoss_u, ShortOptionMinimum_u): every holding on u, the balance of u included, fully
    /// revalued in each scenario (σ' = max(σ + volMove·volShock, 0.01), T unchanged).
    /// </summary>
    private static double UnderlyingLoss(Book book, ReferenceState state, int u)
    {
        var asset = book.Assets[u];
        double s = state.Marks[u];
        var pnl = new double[Scenarios.Count];
        for (int k = 0; k < Scenarios.Count; k++)
        {
            pnl[k] = state.Balances[u] * s * Scenarios[k].PriceMove * asset.PriceRange;
        }

        double shortContracts = 0;
        foreach (var (index, holding) in state.Derivatives)
        {
            var instrument = book.Instruments[index];
            if (instrument.Underlying != u || holding.Quantity == 0)
            {
                continue;
            }

            double units = holding.Quantity * instrument.Multiplier;
            double vol = state.ImpliedVols[index];
            double now = ReferencePricing.Value(book, instrument, s, vol);
            for (int k = 0; k < Scenarios.Count; k++)
            {
                double shockedSpot = s * (1 + (Scenarios[k].PriceMove * asset.PriceRange));
                double shockedVol = Math.Max(vol + (Scenarios[k].VolMove * asset.VolShock), VolFloor);
                pnl[k] += units * (ReferencePricing.Value(book, instrument, shockedSpot, shockedVol) - now);
            }

            if (instrument.Kind == InstrumentKind.Option && units < 0)
            {
                shortContracts += -units;
            }
        }

        double worst = double.PositiveInfinity;
        for (int k = 0; k < Scenarios.Count; k++)
        {
            worst = Math.Min(worst, Scenarios[k].Weight * pnl[k]);
        }

        double scanLoss = Math.Max(0, -worst);
        double shortOptionMinimum = asset.ShortOptionMinimum * s * shortContracts;
        return Math.Max(scanLoss, shortOptionMinimum);
    }

    private static List<(double PriceMove, double VolMove, double Weight)> BuildScenarios()
    {
        var scenarios = new List<(double PriceMove, double VolMove, double Weight)>();
        for (int price = -4; price <= 4; price++)
        {
            for (int vol = -1; vol <= 1; vol++)
            {
                scenarios.Add((price / 4.0, vol, 1));
            }
        }

        scenarios.Add((2, 0, ExtremeWeight));
        scenarios.Add((-2, 0, ExtremeWeight));
        return scenarios;
    }
}
