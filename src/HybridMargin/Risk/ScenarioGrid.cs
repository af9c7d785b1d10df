using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Pricing;

namespace HybridMargin.Risk;

/// <summary>
/// The 29 SPAN-like scenarios of SPEC §4.4 per underlying: nine price moves × three vol moves, plus the two
/// extreme moves (±2·range, vol unchanged) whose P&amp;L counts at 35 %. Vectors are padded to
/// <see cref="Width"/> with zero P&amp;L, which never changes a scan loss because the unchanged scenario is 0 too.
/// </summary>
public static class ScenarioGrid
{
    /// <summary>Real scenarios.</summary>
    public const int ScenarioCount = 29;

    /// <summary>Padded vector length: four Vector512&lt;double&gt;.</summary>
    public const int Width = 32;

    /// <summary>Weight of the two extreme moves.</summary>
    public const double ExtremeWeight = 0.35;

    /// <summary>Lowest shocked vol.</summary>
    public const double VolFloor = 0.01;

    private static readonly double[] PriceMoves = BuildPriceMoves();
    private static readonly double[] VolMoves = BuildVolMoves();
    private static readonly double[] Weights = BuildWeights();

    /// <summary>Price move of scenario k as a multiple of the price range (−2 … +2).</summary>
    public static double PriceMove(int k) => PriceMoves[k];

    /// <summary>Vol move of scenario k as a multiple of the vol shock (−1, 0, +1).</summary>
    public static double VolMove(int k) => VolMoves[k];

    /// <summary>Weight of scenario k (1, or 0.35 for the extremes).</summary>
    public static double Weight(int k) => Weights[k];

    /// <summary>Weighted P&amp;L per unit of a balance of the asset in each scenario: S·move·weight.</summary>
    public static void FillSpot(double spot, double priceRange, Span<double> destination)
    {
        destination.Slice(0, Width).Clear();
        for (int k = 0; k < ScenarioCount; k++)
        {
            destination[k] = Weights[k] * spot * PriceMoves[k] * priceRange;
        }
    }

    /// <summary>
    /// Weighted P&amp;L per contract (multiplier applied) of one instrument in each scenario, by full revaluation
    /// at S' = S(1 + move) and σ' = max(σ + volMove, 0.01), T unchanged.
    /// </summary>
    public static void FillInstrument(Instrument instrument, double spot, double vol, double rate, double priceRange, double volShock, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        destination.Slice(0, Width).Clear();
        if (instrument.Kind == InstrumentKind.Option)
        {
            FillOption(instrument, spot, vol, rate, priceRange, volShock, destination);
            return;
        }

        double baseValue = InstrumentPricer.Value(instrument, spot, vol, rate);
        for (int k = 0; k < ScenarioCount; k++)
        {
            double shockedSpot = spot * (1 + (PriceMoves[k] * priceRange));
            double shockedVol = Math.Max(vol + (VolMoves[k] * volShock), VolFloor);
            double value = InstrumentPricer.Value(instrument, shockedSpot, shockedVol, rate);
            destination[k] = Weights[k] * instrument.Multiplier * (value - baseValue);
        }
    }

    /// <summary>
    /// An option's grid: the base point and the 29 scenarios priced in one pass of the vector Black-76 kernel (the
    /// Monte Carlo's; ≈ 1e-15·K from the scalar formula) — a mark tick repeats this for every option on the asset.
    /// </summary>
    private static void FillOption(Instrument instrument, double spot, double vol, double rate, double priceRange, double volShock, Span<double> destination)
    {
        Span<double> spots = stackalloc double[ScenarioCount + 1];
        Span<double> vols = stackalloc double[ScenarioCount + 1];
        Span<double> values = stackalloc double[ScenarioCount + 1];
        spots[0] = spot;
        vols[0] = vol;
        for (int k = 0; k < ScenarioCount; k++)
        {
            spots[k + 1] = spot * (1 + (PriceMoves[k] * priceRange));
            vols[k + 1] = Math.Max(vol + (VolMoves[k] * volShock), VolFloor);
        }

        if (instrument.Right == OptionRight.Call)
        {
            VectorMath.Black76Call(spots, instrument.Strike, instrument.YearsToExpiry, vols, rate, values);
        }
        else
        {
            VectorMath.Black76Put(spots, instrument.Strike, instrument.YearsToExpiry, vols, rate, values);
        }
        double baseValue = values[0];
        for (int k = 0; k < ScenarioCount; k++)
        {
            destination[k] = Weights[k] * instrument.Multiplier * (values[k + 1] - baseValue);
        }
    }

    private static double[] BuildPriceMoves()
    {
        var moves = new double[Width];
        for (int p = 0; p < 9; p++)
        {
            for (int v = 0; v < 3; v++)
            {
                moves[(p * 3) + v] = (p - 4) / 4.0;
            }
        }

        moves[27] = 2;
        moves[28] = -2;
        return moves;
    }

    private static double[] BuildVolMoves()
    {
        var moves = new double[Width];
        for (int p = 0; p < 9; p++)
        {
            for (int v = 0; v < 3; v++)
            {
                moves[(p * 3) + v] = v - 1;
            }
        }

        return moves;
    }

    private static double[] BuildWeights()
    {
        var weights = new double[Width];
        for (int k = 0; k < 27; k++)
        {
            weights[k] = 1;
        }

        weights[27] = ExtremeWeight;
        weights[28] = ExtremeWeight;
        return weights;
    }
}
