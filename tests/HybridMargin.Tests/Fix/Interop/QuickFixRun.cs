using System.Text;

namespace HybridMargin.Tests.Fix.Interop;

/// <summary>What one run of the QuickFIX client printed (one event per line; see tests/interop/quickfix/README.md).</summary>
internal sealed class QuickFixRun(int exitCode, bool timedOut, IReadOnlyList<string> lines, string standardError)
{
    public int ExitCode { get; } = exitCode;

    public bool TimedOut { get; } = timedOut;

    public IReadOnlyList<string> Lines { get; } = lines;

    public string StandardError { get; } = standardError;

    /// <summary>Messages QuickFIX accepted from the counterparty (IN lines), in order.</summary>
    public IReadOnlyList<QuickFixMessage> Received { get; } = Messages(lines, "IN ");

    /// <summary>Messages QuickFIX wrote to the socket (OUT lines), in order.</summary>
    public IReadOnlyList<QuickFixMessage> Sent { get; } = Messages(lines, "OUT ");

    /// <summary>QFREJECT lines: messages of ours that QuickFIX refused.</summary>
    public IReadOnlyList<string> QuickFixRejects => [.. Lines.Where(l => l.StartsWith("QFREJECT", StringComparison.Ordinal))];

    /// <summary>Received messages of <paramref name="msgType"/> that are not PossDupFlag=Y resends.</summary>
    public IEnumerable<QuickFixMessage> Originals(string msgType) => Received.Where(m => m.Type == msgType && m.Get(43) != "Y");

    /// <summary>The one original (not resent) ExecutionReport for <paramref name="clOrdId"/> with <paramref name="execType"/>.</summary>
    public QuickFixMessage Execution(string clOrdId, string execType)
    {
        var found = Originals("8").Where(m => m.Get(11) == clOrdId && m.Get(150) == execType).ToList();
        Assert.True(found.Count == 1, $"expected one ExecutionReport 11={clOrdId} 150={execType}, found {found.Count}\n{Transcript()}");
        return found[0];
    }

    /// <summary>The whole output, for assertion messages.</summary>
    public string Transcript()
    {
        var text = new StringBuilder();
        text.Append("exit code ").Append(ExitCode).Append(TimedOut ? " (timed out)" : string.Empty).Append('\n');
        foreach (string line in Lines)
        {
            text.Append(line).Append('\n');
        }

        if (StandardError.Length > 0)
        {
            text.Append("--- stderr\n").Append(StandardError);
        }

        return text.ToString();
    }

    private static List<QuickFixMessage> Messages(IReadOnlyList<string> lines, string prefix) =>
        [.. lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => QuickFixMessage.Parse(l[prefix.Length..]))];
}

/// <summary>One FIX message as the client prints it: fields separated by '|'.</summary>
internal sealed class QuickFixMessage
{
    private readonly List<(int Tag, string Value)> _fields;

    private QuickFixMessage(string text, List<(int Tag, string Value)> fields)
    {
        Text = text;
        _fields = fields;
    }

    public string Text { get; }

    public string? Type => Get(35);

    public static QuickFixMessage Parse(string text)
    {
        var fields = new List<(int, string)>();
        foreach (string item in text.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && int.TryParse(item.AsSpan(0, eq), out int tag))
            {
                fields.Add((tag, item[(eq + 1)..]));
            }
        }

        return new QuickFixMessage(text, fields);
    }

    /// <summary>The first value of <paramref name="tag"/>, or null.</summary>
    public string? Get(int tag)
    {
        foreach (var (t, v) in _fields)
        {
            if (t == tag)
            {
                return v;
            }
        }

        return null;
    }

    public bool Has(int tag) => Get(tag) is not null;

    public override string ToString() => Text;
}
