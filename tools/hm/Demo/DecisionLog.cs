using System.Text;
using HybridMargin.Engine;

namespace HybridMargin.Cli.Demo;

/// <summary>
/// <c>hm demo --decision-log FILE</c>: one line <c>account clientOrderId code</c> (the <see cref="RejectCode"/> name,
/// <c>None</c> for accepted) per decision the order producers receive, appended with one unbuffered write each. A
/// test and audit aid: each line is in the operating system's page cache before the sink returns, so a line survives
/// a SIGKILL of the process exactly when the client saw the decision — what a crash test needs to hold the journal
/// against. One write system call per decision is cheap at the demo's rates, not at a gateway's.
/// </summary>
internal sealed class DecisionLog : IDisposable
{
    // Longest line: an int, a long, the longest code name, two spaces and the newline.
    private const int MaxLine = 11 + 1 + 20 + 1 + 32 + 1;
    private readonly FileStream _file;
    private readonly byte[][] _codes;
    private readonly byte[] _line = new byte[MaxLine];
    private readonly Lock _lock = new();

    public DecisionLog(string path)
    {
        // bufferSize 0: every Write goes straight to write(2), nothing waits in a user-space buffer to be lost.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _codes = Enum.GetValues<RejectCode>().Select(c => Encoding.ASCII.GetBytes(c.ToString())).ToArray();
    }

    /// <summary>Appends one decision; called on the risk (or responder) thread and, for refusals, on producer threads.</summary>
    public void Write(int account, long clientOrderId, RejectCode code)
    {
        lock (_lock)
        {
            Span<byte> line = _line;
            account.TryFormat(line, out int n);
            line[n++] = (byte)' ';
            clientOrderId.TryFormat(line[n..], out int written);
            n += written;
            line[n++] = (byte)' ';
            byte[] name = _codes[(int)code];
            name.CopyTo(line[n..]);
            n += name.Length;
            line[n++] = (byte)'\n';
            _file.Write(line[..n]);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Dispose();
        }
    }
}
