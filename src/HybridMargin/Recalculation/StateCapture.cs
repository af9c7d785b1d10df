using HybridMargin.Risk;

namespace HybridMargin.Recalculation;

/// <summary>A detached copy of what a recalculation needs, taken by the risk thread at one sequence.</summary>
internal sealed record StateCapture(
    long Id,
    long Sequence,
    long TimestampNanos,
    double[] Marks,
    double[] ImpliedVols,
    PortfolioHoldings[] Holdings,
    double[] ParametricVar,
    double[] GridLoss,
    double[] Vols,
    double[] Haircuts,
    double[]? EwmaVols);
