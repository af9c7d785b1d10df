namespace HybridMargin.Risk;

/// <summary>
/// EWMA volatility of one asset from its price ticks (SPEC §4.7, RiskMetrics style): each tick's simple return is
/// scaled to a one-day variance by the time since the previous tick, σ²_day ← λ·σ²_day + (1 − λ)·r²·(1 day / Δt),
/// and reported annualised, σ = √(365·σ²_day). Ticks without a positive time step or price are ignored.
/// </summary>
public sealed class EwmaVolatility
{
    private const double NanosPerDay = 86_400e9;
    private double _dailyVariance;
    private double _lastPrice;
    private long _lastNanos;
    private bool _started;

    /// <summary>Starts from the book's annual vol.</summary>
    /// <param name="initialAnnualVol">σ at start (the asset's <c>vol</c>).</param>
    /// <param name="lambda">Decay λ in (0, 1); 0.94 by default (RiskMetrics daily).</param>
    public EwmaVolatility(double initialAnnualVol, double lambda = 0.94)
    {
        if (!(lambda > 0 && lambda < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be in (0, 1)");
        }

        if (!(initialAnnualVol > 0 && double.IsFinite(initialAnnualVol)))
        {
            throw new ArgumentOutOfRangeException(nameof(initialAnnualVol), initialAnnualVol, "the initial vol must be positive");
        }

        Lambda = lambda;
        _dailyVariance = initialAnnualVol * initialAnnualVol / 365.0;
    }

    /// <summary>λ.</summary>
    public double Lambda { get; }

    /// <summary>Current annualised vol.</summary>
    public double AnnualVol => Math.Sqrt(_dailyVariance * 365.0);

    /// <summary>Visits the estimator's state (snapshots carry it so a recovered gate continues the same estimate).</summary>
    internal void VisitState(Engine.IStateVisitor visitor)
    {
        visitor.Value("ewma.variance", ref _dailyVariance);
        visitor.Value("ewma.price", ref _lastPrice);
        visitor.Value("ewma.nanos", ref _lastNanos);
        visitor.Value("ewma.started", ref _started);
    }

    /// <summary>Feeds a tick; returns the updated annual vol. The first tick only sets the reference price.</summary>
    public double Update(double price, long timestampNanos)
    {
        if (!(price > 0 && double.IsFinite(price)))
        {
            return AnnualVol;
        }

        if (!_started)
        {
            _started = true;
            _lastPrice = price;
            _lastNanos = timestampNanos;
            return AnnualVol;
        }

        long elapsed = timestampNanos - _lastNanos;
        if (elapsed <= 0)
        {
            return AnnualVol;
        }

        double r = (price / _lastPrice) - 1;
        double scaledToDay = r * r * (NanosPerDay / elapsed);
        _dailyVariance = (Lambda * _dailyVariance) + ((1 - Lambda) * scaledToDay);
        _lastPrice = price;
        _lastNanos = timestampNanos;
        return AnnualVol;
    }
}
