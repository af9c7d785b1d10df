using BenchmarkDotNet.Attributes;
using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Ring;
using HybridMargin.Risk;

namespace HybridMargin.Benchmarks;

/// <summary>
/// The remaining kernels of the hot path: the scenario-grid vector of an option rebuilt by full revaluation (a mark
/// or vol move), the grid update a fill makes (one SIMD axpy over the 32-wide weighted P&amp;L vector), and the
/// ring's own cost per event — claim, write the slot, publish, and a consumer's read and sequence advance — on one
/// thread (the cross-core hop is the HdrHistogram harness's job: perf/HybridMargin.Latency).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class KernelBenchmarks
{
    private readonly double[] _grid = new double[ScenarioGrid.Width];
    private readonly double[] _instrumentVector = new double[ScenarioGrid.Width];
    private readonly double[] _optionLanes = new double[ScenarioGrid.OptionLaneLength];
    private double _logMoneyness;
    private Instrument _option = null!;
    private Pricing.Black76Contract _contract;
    private ScenarioMoves _moves = null!;
    private double _spot;
    private RingBuffer<long> _ring = null!;
    private SingleProducerSequencer<BusySpinWaitStrategy> _sequencer = null!;
    private Sequence _consumer = null!;
    private Engine.RiskEngine _engine = null!;
    private int _btc;
    private long _ticks;
    private Engine.StateImageWriter _image = null!;
    private Engine.MarketState _market = null!;

    [GlobalSetup]
    public void Setup()
    {
        var book = BookLoader.LoadSample();
        _option = book.Instruments[book.FindInstrument("BTC-26MAR27-90000-C")];
        _spot = 90_000;
        _contract = new Pricing.Black76Contract(_option.Right, _option.Strike, _option.YearsToExpiry, 0.0);
        _moves = new ScenarioMoves(0.15, 0.3);
        ScenarioGrid.FillOption(_contract, _option.Multiplier, _spot, 0.55, _moves, _instrumentVector);
        ScenarioGrid.FillOptionLanes(_contract, 0.55, _moves, _optionLanes);
        _logMoneyness = VectorMath.LogMoneyness(_spot, _contract);
        _sequencer = new SingleProducerSequencer<BusySpinWaitStrategy>(1024, default);
        _ring = new RingBuffer<long>(_sequencer);
        _consumer = new Sequence();
        _sequencer.SetGatingSequences(_consumer);
        _engine = new Engine.RiskEngine(book);
        _btc = book.FindAsset("BTC");
        _image = new Engine.StateImageWriter();
        _market = new Engine.MarketState(book);
    }

    /// <summary>
    /// What a state snapshot costs the risk thread: the sample engine's whole mutable state copied into the reused
    /// buffer (the disk write is the snapshot thread's).
    /// </summary>
    [Benchmark]
    public int SnapshotCapture()
    {
        _image.Reset();
        _engine.VisitState(_image);
        return _image.Written.Length;
    }

    /// <summary>
    /// A BTC mark tick on the sample book's engine: 33 instruments revalued (30 options over the scenario grid) and every
    /// account exposed to BTC rebuilt on it — the costliest event the risk thread and journal replay see.
    /// </summary>
    [Benchmark]
    public Engine.RejectCode MarkTickBtc() => _engine.SetMark(_btc, (_ticks++ & 1) == 0 ? 90_000 : 90_050);

    /// <summary>
    /// The market half of a BTC mark tick: the 34 BTC instruments' values, Greeks and grid vectors (no account).
    /// </summary>
    [Benchmark]
    public double MarketRevalueBtc()
    {
        _market.SetMark(_btc, (_ticks++ & 1) == 0 ? 90_000 : 90_050);
        return _market.Values[0];
    }

    /// <summary>
    /// 30 Black-76 revaluations of one option (base point and 29 scenarios: its grid vector after a mark move), as a
    /// mark tick runs them: the option's vol lanes and ln(F/K) already worked out.
    /// </summary>
    [Benchmark]
    public double GridRevalueOption()
    {
        ScenarioGrid.FillOption(_contract, _option.Multiplier, _spot, _logMoneyness, _optionLanes, _moves, _instrumentVector);
        return _instrumentVector[0];
    }

    /// <summary>What an implied-vol tick adds before the grid: the option's 32 vol lanes (σ'√T, its inverse, the d₁ offset).</summary>
    [Benchmark]
    public double GridOptionLanes()
    {
        ScenarioGrid.FillOptionLanes(_contract, 0.55, _moves, _optionLanes);
        return _optionLanes[1];
    }

    /// <summary>A fill's grid update: the underlying's weighted P&amp;L += quantity × the instrument's vector.</summary>
    [Benchmark]
    public double GridUpdate()
    {
        DenseVector.AddScaled(_grid, 0.25, _instrumentVector);
        return _grid[0];
    }

    /// <summary>One event through the ring on one thread: claim, write, publish; the consumer reads and advances.</summary>
    [Benchmark]
    public long RingPublishConsume()
    {
        long sequence = _sequencer.Next();
        _ring[sequence] = sequence;
        _sequencer.Publish(sequence);
        long read = _ring[_sequencer.Cursor.Value];
        _consumer.Value = sequence;
        return read;
    }
}
