using BenchmarkDotNet.Attributes;
using HybridMargin.Books;
using HybridMargin.Pricing;

namespace HybridMargin.Benchmarks;

/// <summary>Black-76 (SPEC §4.1): the price alone against price + delta, gamma, vega and theta, for a call and a put.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class Black76Benchmarks
{
    // Instance fields, not constants, so the JIT cannot fold the computation away.
    private double _spot = 90_000;
    private double _strike = 100_000;
    private double _years = 122.0 / 365;
    private double _vol = 0.55;
    private double _rate = 0.03;

    [Params(OptionRight.Call, OptionRight.Put)]
    public OptionRight Right { get; set; }

    [Benchmark(Baseline = true)]
    public double Price() => Black76.Price(Right, _spot, _strike, _years, _vol, _rate);

    [Benchmark]
    public OptionGreeks PriceAndGreeks() => Black76.Greeks(Right, _spot, _strike, _years, _vol, _rate);
}
