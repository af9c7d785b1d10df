using HybridMargin.Engine;

namespace HybridMargin.Cli.Demo;

/// <summary>Counts liquidation entries and exits (called on the risk thread, read by the report).</summary>
internal sealed class LiquidationCounter : ILiquidationSink
{
    private long _entered;
    private long _left;

    public long Entered => Interlocked.Read(ref _entered);

    public long Left => Interlocked.Read(ref _left);

    public void OnLiquidation(in LiquidationEvent liquidation)
    {
        if (liquidation.Entered)
        {
            Interlocked.Increment(ref _entered);
        }
        else
        {
            Interlocked.Increment(ref _left);
        }
    }
}
