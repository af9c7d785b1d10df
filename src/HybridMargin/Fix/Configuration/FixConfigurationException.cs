namespace HybridMargin.Fix.Configuration;

/// <summary>The sessions file is invalid; the message names the JSON path and the bad value.</summary>
public sealed class FixConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FixConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FixConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public FixConfigurationException(string message)
        : base(message)
    {
    }
}
