namespace HybridMargin.Ring;

/// <summary>
/// What a stage does with each event. Implemented by structs and passed as a generic argument so the
/// processor's loop calls it directly (inlinable), not through an interface.
/// </summary>
/// <typeparam name="T">The ring's event type.</typeparam>
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>Handles the event in its slot. <paramref name="endOfBatch"/> is true for the last event available now: the moment to flush.</summary>
    void OnEvent(ref T data, long sequence, bool endOfBatch);
}
