namespace HybridMargin.Cli.Replay;

/// <summary>
/// An input <c>hm replay</c> cannot use — a missing journal, a bad book or parameters file, a journal that does not
/// fit the book — with a message for the person who gave it (exit code 2).
/// </summary>
internal sealed class ReplayInputException : Exception
{
    public ReplayInputException(string message)
        : base(message)
    {
    }

    public ReplayInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ReplayInputException()
    {
    }
}
