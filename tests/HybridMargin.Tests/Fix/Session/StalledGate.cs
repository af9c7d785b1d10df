using HybridMargin.Gate;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

/// <summary>Holds the gate's risk thread inside a reply (a probe whose sink waits), so orders stay pending until released.</summary>
internal sealed class StalledGate(RiskGate gate) : IReplySink, IDisposable
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _released = new();

    public void Hold()
    {
        Assert.True(gate.Probe(this));
        Assert.True(_entered.Wait(Patience), "the risk thread did not reach the probe");
    }

    public void Release() => _released.Set();

    public void OnReply(in GateReply reply)
    {
        _entered.Set();
        _released.Wait(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        _released.Set();
        _entered.Dispose();
    }
}
