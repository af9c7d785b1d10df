using BenchmarkDotNet.Attributes;
using HybridMargin.Engine;

namespace HybridMargin.Benchmarks;

/// <summary>
/// The pre-trade check (SPEC §5) on a typical account (30 positions on 3 underlyings, 4-asset book) and on a
/// dense one (exposure to all 64 coins of a 65-asset book, 130 risk factors). Every order passes checks 1–7
/// and reaches the margin check (8); <see cref="EngineFixture"/> throws if one does not. <c>WhatIf</c> runs the
/// same <c>Check</c> as <c>Evaluate</c> with nothing reserved, so the state does not grow between invocations;
/// the Evaluate+Cancel pair reserves and releases the same order. Evaluate alone: <see cref="EvaluateReserveBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EvaluateBenchmarks
{
    private EngineFixture _typical = null!;
    private EngineFixture _dense = null!;
    private long _clock = EngineFixture.Start + 1_000_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _typical = EngineFixture.Typical();
        _dense = EngineFixture.Dense();
        EngineFixture.Expect(EvaluateCancel(_typical), RejectCode.None, "typical evaluate+cancel");
        EngineFixture.Expect(EvaluateCancel(_dense), RejectCode.None, "dense evaluate+cancel");
    }

    [Benchmark]
    public double Typical_WhatIf_Perp_Accepted() => _typical.Engine.WhatIf(_typical.Perp).PostTrade.InitialMargin;

    [Benchmark]
    public double Typical_WhatIf_Option_Accepted() => _typical.Engine.WhatIf(_typical.Option).PostTrade.InitialMargin;

    [Benchmark]
    public double Typical_WhatIf_MarginRejected() => _typical.Engine.WhatIf(_typical.MarginReject).PostTrade.InitialMargin;

    [Benchmark]
    public RejectCode Typical_Evaluate_Cancel_Option() => EvaluateCancel(_typical);

    [Benchmark]
    public double Dense_WhatIf_Perp_Accepted() => _dense.Engine.WhatIf(_dense.Perp).PostTrade.InitialMargin;

    [Benchmark]
    public double Dense_WhatIf_Option_Accepted() => _dense.Engine.WhatIf(_dense.Option).PostTrade.InitialMargin;

    [Benchmark]
    public double Dense_WhatIf_MarginRejected() => _dense.Engine.WhatIf(_dense.MarginReject).PostTrade.InitialMargin;

    [Benchmark]
    public RejectCode Dense_Evaluate_Cancel_Option() => EvaluateCancel(_dense);

    /// <summary>Reserves the option order and cancels it; the event clock advances 2 ms so the 1,000/s throttle never trips.</summary>
    private RejectCode EvaluateCancel(EngineFixture fixture)
    {
        _clock += 2_000_000;
        var decision = fixture.Engine.Evaluate(fixture.Option with { TimestampNanos = _clock });
        var cancel = fixture.Engine.Cancel(fixture.Account, fixture.Option.ClientOrderId);
        return decision.Code != RejectCode.None ? decision.Code : cancel;
    }
}
