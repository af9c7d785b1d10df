namespace HybridMargin.Recalculation;

/// <summary>
/// The result of one background recalculation (SPEC §6): immutable, a pure function of the state at
/// <see cref="Sequence"/>, adopted by the risk thread when its adoption event reaches it in the ring.
/// </summary>
public sealed class RiskSnapshot
{
    internal RiskSnapshot(long id, long sequence, long timestampNanos, double[] addOns, double[] monteCarloVar, double[] monteCarloEs, double drift, double[]? vols, double[]? haircuts)
    {
        Drift = drift;
        Vols = vols;
        Haircuts = haircuts;
        VolArray = vols;
        HaircutArray = haircuts;
        Id = id;
        Sequence = sequence;
        TimestampNanos = timestampNanos;
        ModelAddOns = addOns;
        MonteCarloVar = monteCarloVar;
        MonteCarloEs = monteCarloEs;
    }

    /// <summary>The automated vols as the array they are, for the risk thread to apply without copying.</summary>
    internal double[]? VolArray { get; }

    /// <summary>The automated haircuts as the array they are.</summary>
    internal double[]? HaircutArray { get; }

    /// <summary>1, 2, … in the order recalculations were started.</summary>
    public long Id { get; }

    /// <summary>The last inbound sequence the snapshot includes.</summary>
    public long Sequence { get; }

    /// <summary>The state's time (the latest order timestamp seen by then): the staleness clock's reference.</summary>
    public long TimestampNanos { get; }

    /// <summary>Per account: max(0, ES_MC − max(VaR_param, GridLoss)).</summary>
    public IReadOnlyList<double> ModelAddOns { get; }

    /// <summary>Per account: VaR_MC.</summary>
    public IReadOnlyList<double> MonteCarloVar { get; }

    /// <summary>
    /// Largest relative difference, over accounts, between the risk thread's incremental VaR and grid loss at
    /// <see cref="Sequence"/> and the same figures recomputed from scratch by the recalculation (relative to
    /// max(|fresh|, 1 USD)); NaN when a mark was missing.
    /// </summary>
    public double Drift { get; }

    /// <summary>Automated annual price vols per asset (EWMA, SPEC §4.7), or null when automated parameters are off.</summary>
    public IReadOnlyList<double>? Vols { get; }

    /// <summary>Automated haircuts per asset, or null when automated parameters are off.</summary>
    public IReadOnlyList<double>? Haircuts { get; }

    /// <summary>Per account: ES_MC.</summary>
    public IReadOnlyList<double> MonteCarloEs { get; }
}
