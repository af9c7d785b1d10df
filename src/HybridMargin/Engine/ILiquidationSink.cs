namespace HybridMargin.Engine;

/// <summary>
/// Receives liquidation transitions. Called synchronously by the engine — in a gate, on the risk thread, in the
/// middle of the event that caused it — so it must be quick, must not block and must not call back into the engine.
/// </summary>
public interface ILiquidationSink
{
    /// <summary>One transition.</summary>
    void OnLiquidation(in LiquidationEvent liquidation);
}
