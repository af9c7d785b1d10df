using System.Globalization;

namespace HybridMargin.Fix;

/// <summary>Writes one timestamped line per event to a <see cref="TextWriter"/> (thread-safe).</summary>
public sealed class TextFixLog(TextWriter writer, bool rejects = true) : IFixLog
{
    private readonly TextWriter _writer = TextWriter.Synchronized(writer);

    /// <inheritdoc/>
    public bool WantsRejects => rejects;

    /// <inheritdoc/>
    public void Session(string session, string text) => Write("session", session, text);

    /// <inheritdoc/>
    public void Reject(string session, string text) => Write("reject ", session, text);

    /// <inheritdoc/>
    public void Error(string session, string text) => Write("error  ", session, text);

    private void Write(string kind, string session, string text) =>
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {kind} {session}: {text}"));
}
