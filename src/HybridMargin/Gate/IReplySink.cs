namespace HybridMargin.Gate;

/// <summary>
/// Receives replies on the responder thread (or at once on the submitting thread for <c>Saturated</c> and
/// <c>GateStopped</c>). Must be quick and must not block: it runs inside the pipeline.
/// </summary>
public interface IReplySink
{
    /// <summary>Called exactly once per event submitted with this sink.</summary>
    void OnReply(in GateReply reply);
}
