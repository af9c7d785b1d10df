using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Pricing;

namespace HybridMargin.Risk;

/// <summary>
/// Full-revaluation Monte Carlo (SPEC §4.6) at one set of marks and vols: every instrument's P&amp;L per unit is
/// computed once across all scenarios (S' = S(1 + r) floored at 1e-9·S, σ' = max(σ + v, 0.01), Black-76 for options);
/// an account's loss vector is then the quantity-weighted sum of its holdings' vectors, and VaR/ES its empirical
/// tail figures. Not thread-safe: one instance per recalculation thread.
/// </summary>
public sealed class MonteCarloRevaluation
{
    private const double PriceFloor = 1e-9;
    private const double VolFloor = 0.01;

    private readonly Book _book;
    private readonly double[] _marks;
    private readonly double[] _vols;
    private readonly ScenarioSet _scenarios;
    private readonly double[]?[] _instrumentPnl;
    private readonly double[]?[] _assetPnl;
    private readonly double[] _losses;
    private readonly double[] _shockedSpot;
    private readonly double[] _shockedVol;

    // A cached P&L vector is current when its generation equals _generation; Reprice moves _generation on and keeps the
    // arrays, so a recalculation thread reuses the same vectors every time instead of allocating them anew.
    private readonly int[] _instrumentGeneration;
    private readonly int[] _assetGeneration;
    private int _generation = 1;

    /// <summary>Prepares a revaluation of <paramref name="book"/>'s instruments at the given marks and vols over <paramref name="scenarios"/>.</summary>
    public MonteCarloRevaluation(Book book, ReadOnlySpan<double> marks, ReadOnlySpan<double> impliedVols, ScenarioSet scenarios)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(scenarios);
        _book = book;
        _marks = marks.ToArray();
        _vols = impliedVols.ToArray();
        _scenarios = scenarios;
        _instrumentPnl = new double[book.Instruments.Count][];
        _assetPnl = new double[book.Assets.Count][];
        _losses = new double[scenarios.Count];
        _shockedSpot = new double[scenarios.Count];
        _shockedVol = new double[scenarios.Count];
        _instrumentGeneration = new int[book.Instruments.Count];
        _assetGeneration = new int[book.Assets.Count];
        if (_marks.Length != book.Assets.Count || _vols.Length != book.Instruments.Count)
        {
            throw new ArgumentException($"{_marks.Length} marks and {_vols.Length} implied vols for a book of {book.Assets.Count} assets and {book.Instruments.Count} instruments");
        }
    }

    /// <summary>
    /// Moves the revaluation to new marks and vols, and to its scenario set's current draws (which
    /// <see cref="ScenarioSet.Redraw"/> changes in place): every cached P&amp;L vector is recomputed on first use, into the
    /// arrays it already has, so repeated recalculations allocate nothing here.
    /// </summary>
    /// <param name="marks">One mark per asset.</param>
    /// <param name="impliedVols">One implied vol per instrument.</param>
    public void Reprice(ReadOnlySpan<double> marks, ReadOnlySpan<double> impliedVols)
    {
        if (marks.Length != _marks.Length || impliedVols.Length != _vols.Length)
        {
            throw new ArgumentException($"{marks.Length} marks and {impliedVols.Length} implied vols for a book of {_marks.Length} assets and {_vols.Length} instruments");
        }

        marks.CopyTo(_marks);
        impliedVols.CopyTo(_vols);
        _generation++;
    }

    /// <summary>Scenario count.</summary>
    public int ScenarioCount => _scenarios.Count;

    /// <summary>VaR_MC and ES_MC of <paramref name="holdings"/> at the book's confidences.</summary>
    public MonteCarloResult Evaluate(PortfolioHoldings holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        var pnl = _losses.AsSpan();
        pnl.Clear();
        for (int a = 0; a < holdings.Balances.Length; a++)
        {
            if (holdings.Balances[a] != 0)
            {
                DenseVector.AddScaled(pnl, holdings.Balances[a], AssetPnl(a));
            }
        }

        foreach (var (instrument, quantity) in holdings.Derivatives)
        {
            if (quantity != 0)
            {
                DenseVector.AddScaled(pnl, quantity, InstrumentPnl(instrument));
            }
        }

        // Loss = −P&L.
        for (int s = 0; s < pnl.Length; s++)
        {
            pnl[s] = -pnl[s];
        }

        var parameters = _book.Parameters;
        var (var, es) = TailStatistics.Compute(pnl, parameters.VarConfidence, parameters.EsConfidence);
        return new MonteCarloResult(var, es);
    }

    /// <summary>P&amp;L per unit of a balance of the asset in every scenario: S' − S.</summary>
    public ReadOnlySpan<double> AssetPnl(int asset)
    {
        if (_assetGeneration[asset] == _generation)
        {
            return _assetPnl[asset]!;
        }

        double spot = _marks[asset];
        var returns = _scenarios.Returns(asset);
        var vector = _assetPnl[asset] ??= new double[_scenarios.Count];
        for (int s = 0; s < vector.Length; s++)
        {
            vector[s] = ShockedSpot(spot, returns[s]) - spot;
        }

        _assetGeneration[asset] = _generation;
        return vector;
    }

    /// <summary>P&amp;L per contract (multiplier applied) of an instrument in every scenario, by full revaluation.</summary>
    public ReadOnlySpan<double> InstrumentPnl(int instrument)
    {
        if (_instrumentGeneration[instrument] == _generation)
        {
            return _instrumentPnl[instrument]!;
        }

        var definition = _book.Instruments[instrument];
        int u = definition.Underlying;
        double spot = _marks[u];
        double vol = _vols[instrument];
        double rate = _book.Parameters.RiskFreeRate;
        double baseValue = InstrumentPricer.Value(definition, spot, vol, rate);
        var returns = _scenarios.Returns(u);
        var volChanges = _scenarios.VolChanges(u);
        var vector = _instrumentPnl[instrument] ??= new double[_scenarios.Count];
        for (int s = 0; s < vector.Length; s++)
        {
            _shockedSpot[s] = ShockedSpot(spot, returns[s]);
            _shockedVol[s] = Math.Max(vol + volChanges[s], VolFloor);
        }

        if (definition.Kind == InstrumentKind.Option)
        {
            // Black-76 across all scenarios at once (SIMD; within 1.7e-13 absolute of the scalar pricer).
            if (definition.Right == OptionRight.Call)
            {
                VectorMath.Black76Call(_shockedSpot, definition.Strike, definition.YearsToExpiry, _shockedVol, rate, vector);
            }
            else
            {
                VectorMath.Black76Put(_shockedSpot, definition.Strike, definition.YearsToExpiry, _shockedVol, rate, vector);
            }
        }
        else
        {
            for (int s = 0; s < vector.Length; s++)
            {
                vector[s] = InstrumentPricer.Value(definition, _shockedSpot[s], _shockedVol[s], rate);
            }
        }

        for (int s = 0; s < vector.Length; s++)
        {
            vector[s] = definition.Multiplier * (vector[s] - baseValue);
        }

        _instrumentGeneration[instrument] = _generation;
        return vector;
    }

    private static double ShockedSpot(double spot, double simpleReturn) => Math.Max(spot * (1 + simpleReturn), PriceFloor * spot);
}
