namespace HybridMargin.Fix;

/// <summary>Discards everything (benchmarks, allocation tests).</summary>
public sealed class NullFixLog : IFixLog
{
    /// <summary>The instance.</summary>
    public static readonly NullFixLog Instance = new();

    /// <inheritdoc/>
    public bool WantsRejects => false;

    /// <inheritdoc/>
    public void Session(string session, string text)
    {
    }

    /// <inheritdoc/>
    public void Reject(string session, string text)
    {
    }

    /// <inheritdoc/>
    public void Error(string session, string text)
    {
    }
}
