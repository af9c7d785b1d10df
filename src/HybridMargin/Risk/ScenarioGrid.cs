using System.Numerics;
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

    /// <summary>Length of an option's scenario lanes (<see cref="FillOptionLanes"/>).</summary>
    public const int OptionLaneLength = 3 * Width;

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
    public static void FillSpot(double spot, double priceRange, Span<double> destination) =>
        FillLinear(spot, 1, priceRange, destination);

    /// <summary>
    /// Weighted P&amp;L per contract (multiplier applied) of one instrument in each scenario, by full revaluation
    /// at S' = S(1 + move) and σ' = max(σ + volMove, 0.01), T unchanged (for instruments linear in S that is
    /// value·move exactly).
    /// </summary>
    public static void FillInstrument(Instrument instrument, double spot, double vol, double rate, double priceRange, double volShock, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (instrument.Kind == InstrumentKind.Option)
        {
            var contract = new Black76Contract(instrument.Right, instrument.Strike, instrument.YearsToExpiry, rate);
            FillOption(contract, instrument.Multiplier, spot, vol, new ScenarioMoves(priceRange, volShock), destination);
            return;
        }

        FillLinear(InstrumentPricer.Value(instrument, spot, vol, rate), instrument.Multiplier, priceRange, destination);
    }

    /// <summary>
    /// The grid of an instrument linear in S (spot, perpetual, future: value = S·g): its full revaluation at
    /// S(1 + move) is exactly value·move, so one value prices all 29 scenarios.
    /// </summary>
    /// <param name="value">Value per unit at the current mark.</param>
    /// <param name="multiplier">Contract multiplier.</param>
    /// <param name="priceRange">The underlying's price range.</param>
    /// <param name="destination">At least <see cref="Width"/> elements.</param>
    public static void FillLinear(double value, double multiplier, double priceRange, Span<double> destination)
    {
        destination = destination.Slice(0, Width);
        destination.Clear();
        double contractValue = value * multiplier;
        for (int k = 0; k < ScenarioCount; k++)
        {
            destination[k] = Weights[k] * contractValue * PriceMoves[k] * priceRange;
        }
    }

    /// <summary>
    /// An option's grid: the base point and the 29 scenarios priced in one pass of the vector Black-76 scenario kernel
    /// (≈ 1e-15·K from the scalar formula).
    /// </summary>
    /// <param name="contract">The option's Black-76 terms at the book's rate.</param>
    /// <param name="multiplier">Contract multiplier.</param>
    /// <param name="spot">Current mark of the underlying.</param>
    /// <param name="vol">Current implied vol.</param>
    /// <param name="moves">The underlying's scenario moves.</param>
    /// <param name="destination">At least <see cref="Width"/> elements.</param>
    public static void FillOption(in Black76Contract contract, double multiplier, double spot, double vol, ScenarioMoves moves, Span<double> destination)
    {
        Span<double> lanes = stackalloc double[OptionLaneLength];
        FillOptionLanes(contract, vol, moves, lanes);
        FillOption(contract, multiplier, spot, VectorMath.LogMoneyness(spot, contract), lanes, moves, destination);
    }

    /// <summary>
    /// What an option's grid needs of its implied vol, per lane (<see cref="VectorMath.Black76ScenarioLanes"/> at the
    /// shocked vols σ' = max(σ + volMove, 0.01)): worked out when the vol changes, so a mark tick repeats none of it.
    /// </summary>
    /// <param name="contract">The option's Black-76 terms at the book's rate.</param>
    /// <param name="vol">Its implied vol.</param>
    /// <param name="moves">The underlying's scenario moves.</param>
    /// <param name="lanes">At least <see cref="OptionLaneLength"/> elements.</param>
    public static void FillOptionLanes(in Black76Contract contract, double vol, ScenarioMoves moves, Span<double> lanes)
    {
        ArgumentNullException.ThrowIfNull(moves);
        lanes = lanes.Slice(0, OptionLaneLength);
        Span<double> vols = stackalloc double[Width];
        var shift = moves.VolShift;
        var level = new Vector<double>(vol);
        var floor = new Vector<double>(VolFloor);
        for (int k = 0; k < Width; k += Vector<double>.Count)
        {
            Vector.Max(level + new Vector<double>(shift.Slice(k)), floor).CopyTo(vols.Slice(k));
        }

        vols[0] = vol;
        VectorMath.Black76ScenarioLanes(contract, moves.LogGrowth, vols, lanes.Slice(0, Width), lanes.Slice(Width, Width), lanes.Slice(2 * Width, Width));
    }

    /// <summary>
    /// An option's grid from its lanes (<see cref="FillOptionLanes"/>) and ln(F/K): a mark tick takes the logs of all of
    /// an underlying's options in one vector pass, and each option's grid is then one pass of the scenario kernel.
    /// </summary>
    /// <param name="contract">The option's Black-76 terms at the book's rate.</param>
    /// <param name="multiplier">Contract multiplier.</param>
    /// <param name="spot">Current mark of the underlying.</param>
    /// <param name="logMoneyness">ln of <see cref="Black76Contract.Moneyness"/> at <paramref name="spot"/>, by <see cref="VectorMath.Log"/>.</param>
    /// <param name="lanes">The option's lanes at its current implied vol.</param>
    /// <param name="moves">The underlying's scenario moves (those the lanes were made with).</param>
    /// <param name="destination">At least <see cref="Width"/> elements.</param>
    public static void FillOption(in Black76Contract contract, double multiplier, double spot, double logMoneyness, ReadOnlySpan<double> lanes, ScenarioMoves moves, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(moves);
        destination = destination.Slice(0, Width);
        lanes = lanes.Slice(0, OptionLaneLength);

        // One lane more than priced: it repeats the base value, so the P&L pass below runs in whole vectors.
        Span<double> values = stackalloc double[Width + 1];
        VectorMath.Black76ScenarioPrices(spot, contract, logMoneyness, moves.Growth, lanes.Slice(0, Width), lanes.Slice(Width, Width), lanes.Slice(2 * Width, Width), values.Slice(0, Width));
        double baseValue = values[0];
        values[Width] = baseValue;
        var baseLane = new Vector<double>(baseValue);
        var scale = new Vector<double>(multiplier);
        for (int k = 0; k < Width; k += Vector<double>.Count)
        {
            (new Vector<double>(Weights, k) * scale * (new Vector<double>(values.Slice(k + 1)) - baseLane)).CopyTo(destination.Slice(k));
        }

        // The padding lanes priced the base point again (weight 0); they stay exactly 0 even for a NaN mark.
        destination.Slice(ScenarioCount).Clear();
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
