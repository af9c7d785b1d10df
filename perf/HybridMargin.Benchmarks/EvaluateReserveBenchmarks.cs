using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using HybridMargin.Engine;

namespace HybridMargin.Benchmarks;

/// <summary>
/// <c>Evaluate</c> alone (check + reservation) for the accepted option order. Each invocation reserves a new
/// order (fresh client order id), so the state grows within an iteration: the job runs a fixed
/// <see cref="Batch"/> invocations per iteration and the untimed [IterationCleanup] cancels them all. The margin
/// figures are O(1) in open orders, so the growth does not change the cost; the batch stays under the account's
/// maxOpenOrders (500) and far under its margin. A rejection anywhere fails the run.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 10, iterationCount: 40, invocationCount: Batch)]
public class EvaluateReserveBenchmarks
{
    /// <summary>Orders reserved per iteration (a multiple of the unroll factor 16).</summary>
    public const int Batch = 400;

    private const long FirstId = 1_000_000;

    private EngineFixture _typical = null!;
    private EngineFixture _dense = null!;
    private long _clock = EngineFixture.Start + 1_000_000_000;
    private long _nextId = FirstId;
    private int _notAccepted;

    [GlobalSetup]
    public void Setup()
    {
        _typical = EngineFixture.Typical();
        _dense = EngineFixture.Dense();

        // One full batch must be accepted end to end (margin, open-order and position limits included).
        for (int i = 0; i < Batch; i++)
        {
            Typical_Evaluate_Option();
            Dense_Evaluate_Option();
        }

        Cleanup();

        // Fixed, short iterations leave no room for the pilot stage that normally lets tiered JIT finish:
        // drive the hot path to tier-1 (through the PGO-instrumented tier) before anything is measured.
        for (int round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 200)
            {
                for (int i = 0; i < Batch; i++)
                {
                    Typical_Evaluate_Option();
                    Dense_Evaluate_Option();
                }

                Cleanup();
            }

            Thread.Sleep(300);
        }
    }

    [IterationCleanup]
    public void Cleanup()
    {
        for (long id = FirstId; id < _nextId; id++)
        {
            // Each id was reserved on one of the two engines; the other answers UnknownOrder.
            _typical.Engine.Cancel(_typical.Account, id);
            _dense.Engine.Cancel(_dense.Account, id);
        }

        _nextId = FirstId;
        if (_notAccepted != 0)
        {
            throw new InvalidOperationException($"{_notAccepted} orders of a batch were not accepted: the benchmark did not measure the accepted path");
        }
    }

    [Benchmark]
    public double Typical_Evaluate_Option() => Evaluate(_typical);

    [Benchmark]
    public double Dense_Evaluate_Option() => Evaluate(_dense);

    private double Evaluate(EngineFixture fixture)
    {
        _clock += 2_000_000;
        var decision = fixture.Engine.Evaluate(fixture.Option with { ClientOrderId = _nextId++, TimestampNanos = _clock });
        if (decision.Code != RejectCode.None)
        {
            _notAccepted++;
        }

        return decision.PostTrade.InitialMargin;
    }
}
