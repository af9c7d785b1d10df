namespace HybridMargin.Risk;

/// <summary>
/// The scenario grid's spot factors 1 + move·range for one underlying, with their logs, and its vol shifts: they
/// depend only on the book, so an option's grid on every tick reprices without a log per scenario. Lane 0 is the
/// base point (factor 1, no vol shift), lane k + 1 scenario k, and the lanes after the last scenario up to
/// <see cref="ScenarioGrid.Width"/> repeat the base point, so a grid is priced in whole vectors.
/// </summary>
public sealed class ScenarioMoves
{
    private readonly double[] _growth = new double[ScenarioGrid.Width];
    private readonly double[] _logGrowth = new double[ScenarioGrid.Width];
    private readonly double[] _volShift = new double[ScenarioGrid.Width];

    /// <summary>Moves for an underlying with the given price range and vol shock (SPEC §4.4).</summary>
    public ScenarioMoves(double priceRange, double volShock)
    {
        _growth.AsSpan().Fill(1);
        for (int k = 0; k < ScenarioGrid.ScenarioCount; k++)
        {
            _growth[k + 1] = 1 + (ScenarioGrid.PriceMove(k) * priceRange);
            _logGrowth[k + 1] = Math.Log(_growth[k + 1]);
            _volShift[k + 1] = ScenarioGrid.VolMove(k) * volShock;
        }
    }

    /// <summary>Spot factor per lane.</summary>
    public ReadOnlySpan<double> Growth => _growth;

    /// <summary>ln of the spot factor per lane.</summary>
    public ReadOnlySpan<double> LogGrowth => _logGrowth;

    /// <summary>Vol added per lane (before the floor).</summary>
    public ReadOnlySpan<double> VolShift => _volShift;
}
