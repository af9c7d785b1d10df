using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Tests.Gate;

/// <summary>Counts replies (thread-safe) and keeps the last probe; allocation-free.</summary>
internal sealed class CountingSink : IReplySink
{
    private readonly int[] _byCode = new int[32];
    private long _replies;
    private long _lastRiskAllocated;
    private long _lastResponderAllocated;

    public long Replies => Interlocked.Read(ref _replies);

    public long LastRiskAllocated => Interlocked.Read(ref _lastRiskAllocated);

    public long LastResponderAllocated => Interlocked.Read(ref _lastResponderAllocated);

    public int Count(RejectCode code) => Volatile.Read(ref _byCode[(int)code]);

    public void OnReply(in GateReply reply)
    {
        if (reply.Kind == GateEventKind.Probe)
        {
            Interlocked.Exchange(ref _lastRiskAllocated, reply.RiskThreadAllocated);
            Interlocked.Exchange(ref _lastResponderAllocated, reply.ResponderThreadAllocated);
        }
        else if (reply.Kind == GateEventKind.Order)
        {
            Interlocked.Increment(ref _byCode[(int)reply.Decision.Code]);
        }

        Interlocked.Increment(ref _replies);
    }

    public bool WaitFor(long replies, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Replies < replies)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }
}
