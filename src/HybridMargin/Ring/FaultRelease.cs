namespace HybridMargin.Ring;

/// <summary>What a stage whose handler throws still passes on to the stages and producers behind it.</summary>
public enum FaultRelease
{
    /// <summary>
    /// Every event the handler finished: the stage's sequence is left just before the failing event. Right for a
    /// handler whose work on an event is complete when <see cref="IEventHandler{T}.OnEvent"/> returns.
    /// </summary>
    CompletedEvents = 0,

    /// <summary>
    /// Only whole batches: the stage's sequence stays at the end of the last batch that completed, so none of the
    /// failing batch passes. Right for a handler that commits at the end of each batch (a group commit when
    /// <c>endOfBatch</c> is true): its earlier events in the failing batch were never committed.
    /// </summary>
    CompletedBatches = 1,
}
