using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>
/// A <see cref="FixTestClient"/> with the bookkeeping the bad-input tests need: raw and trickled sends at a chosen
/// MsgSeqNum, TestRequest probes that return everything the acceptor sent before the Heartbeat echo, and a check that
/// the acceptor's own MsgSeqNums have no gap.
/// </summary>
internal sealed class ProbingClient : IDisposable
{
    private static int _probes;
    private readonly FixTestClient _client;
    private int _checked;
    private int _serverSeq;

    public ProbingClient(FixServer server, string sender, string target = "HM")
    {
        _client = server.Connect(sender, target);
    }

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(5);

    public FixTestClient Client => _client;

    public string Sender => _client.Sender;

    public string Target => _client.Target;

    /// <summary>MsgSeqNum the acceptor expects next from us (as far as this client knows).</summary>
    public int NextSeq
    {
        get => _client.NextSeq;
        set => _client.NextSeq = value;
    }

    public bool Closed => _client.Closed;

    /// <summary>Logs on with ResetSeqNumFlag=Y and a long HeartBtInt (no heartbeats during a test).</summary>
    public void Logon(int heartbeat = 60, string? password = null)
    {
        _client.NextSeq = 1;
        Take(_client.Logon(heartbeat, reset: true, password));
    }

    public void Send(List<(int Tag, string Value)> fields) => _client.SendRaw(RawFix.Frame(fields));

    public void SendRaw(byte[] bytes) => _client.SendRaw(bytes);

    /// <summary>One byte per send; with <paramref name="pauseEvery"/> &gt; 0 also a 1 ms pause after that many bytes, so the acceptor reads fragments.</summary>
    public void SendTrickled(byte[] bytes, int pauseEvery = 0)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            _client.SendRaw([bytes[i]]);
            if (pauseEvery > 0 && i % pauseEvery == pauseEvery - 1)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Sends a TestRequest at <see cref="NextSeq"/> and waits for its Heartbeat; returns what the acceptor sent before it.</summary>
    public List<FixReceived> Probe()
    {
        string id = "PROBE-" + Interlocked.Increment(ref _probes);
        _client.Send("1", (112, id));
        return Until("0", (112, id)).Before;
    }

    /// <summary>Waits for a message; returns it and what the acceptor sent before it (since the last check).</summary>
    public (FixReceived Message, List<FixReceived> Before) Until(string msgType, params (int Tag, string Value)[] fields)
    {
        var message = _client.WaitFor(msgType, Patience, fields);
        return (message, Take(message));
    }

    /// <summary>Waits for the acceptor to close the connection; returns what it sent before (since the last check).</summary>
    public List<FixReceived> UntilClosed(TimeSpan timeout)
    {
        bool closed = _client.WaitForDisconnect(timeout);
        var rest = TakeRest();
        Assert.True(closed, $"the acceptor did not close the connection within {timeout}; it sent: {string.Join(" || ", rest)}");
        return rest;
    }

    /// <summary>What arrived since the last check, without waiting.</summary>
    public List<FixReceived> TakeRest() => Take(_client.Received.Count);

    public void Dispose() => _client.Dispose();

    private List<FixReceived> Take(FixReceived upTo)
    {
        var received = _client.Received;
        for (int i = _checked; i < received.Count; i++)
        {
            if (ReferenceEquals(received[i], upTo))
            {
                var before = Take(i);
                Take(i + 1);
                return before;
            }
        }

        throw new InvalidOperationException($"{upTo} was already checked");
    }

    // Checks and takes received[_checked..end); returns them without the acceptor's own unsolicited Heartbeats.
    private List<FixReceived> Take(int end)
    {
        var received = _client.Received;
        var taken = new List<FixReceived>();
        for (int i = _checked; i < end; i++)
        {
            var m = received[i];
            m.Taken = true;
            if (m.Get(43) != "Y")
            {
                Assert.True(m.Seq == _serverSeq + 1, $"acceptor MsgSeqNum {m.Seq} after {_serverSeq}: {m}");
                _serverSeq = m.Seq;
            }

            if (m.Type != "0" || m.Get(112) is not null)
            {
                taken.Add(m);
            }
        }

        _checked = Math.Max(_checked, end);
        return taken;
    }
}
