namespace HybridMargin.Fix;

/// <summary>Where the acceptor reports sessions, rejects and errors. Called from I/O and gate threads; implementations must be thread-safe.</summary>
public interface IFixLog
{
    /// <summary>Session events: logon, logout, disconnect, resends, gaps.</summary>
    void Session(string session, string text);

    /// <summary>An order, cancel or replace refused, with the reason and figures.</summary>
    void Reject(string session, string text);

    /// <summary>A protocol or I/O error (bad message, dropped connection, venue inconsistency).</summary>
    void Error(string session, string text);

    /// <summary>Whether <see cref="Reject"/> is wanted (formatting it costs an allocation per reject).</summary>
    bool WantsRejects { get; }
}
