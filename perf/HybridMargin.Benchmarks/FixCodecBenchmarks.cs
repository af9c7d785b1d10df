using System.Text;
using BenchmarkDotNet.Attributes;
using HybridMargin.Books;
using HybridMargin.Fix;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Session;

namespace HybridMargin.Benchmarks;

/// <summary>
/// The FIX codec per message: parse and validate a NewOrderSingle as the session does before it reaches the gate
/// (framing, BodyLength, CheckSum, field index, every order field read and checked, account and symbol resolved),
/// and encode the ExecutionReport that answers it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FixCodecBenchmarks
{
    private readonly FixMessage _message = new();
    private readonly FixWriter _writer = new();
    private readonly DateTime _now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private byte[] _newOrder = [];
    private FixFrameReader _frames = null!;
    private System.Buffers.ReadOnlySequence<byte> _split;
    private FixDirectory _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = new FixDirectory(BookLoader.LoadSample());
        const string body = "35=D\u000149=CLIENT1\u000156=HM\u000134=12345\u000152=20261124-12:00:00.123\u00011=BASIS1\u000111=ORD-000123456\u0001"
            + "55=BTC-PERP\u000154=1\u000138=0.25\u000140=2\u000144=90123.5\u000159=0\u000160=20261124-12:00:00.120\u0001";
        string head = $"8=FIX.4.4\u00019={Encoding.ASCII.GetByteCount(body)}\u0001";
        int sum = Encoding.ASCII.GetBytes(head + body).Sum(b => b) % 256;
        _newOrder = Encoding.ASCII.GetBytes($"{head}{body}10={sum:000}\u0001");
        _frames = new FixFrameReader(8192);
        _split = TwoSegments(_newOrder, _newOrder.Length / 2);
        if (ParseAndValidate() != 0.25 || ParseSplitAndValidate() != 0.25 || EncodeExecutionReport() == 0)
        {
            throw new InvalidOperationException("benchmark input does not parse");
        }
    }

    /// <summary>Target (issue 5): ≤ 250 ns and 0 B.</summary>
    [Benchmark(Baseline = true)]
    public double ParseAndValidate()
    {
        var result = FixParser.Parse(_newOrder, _message, 8192);
        return result.Status == FixParseStatus.Complete ? Validate() : double.NaN;
    }

    /// <summary>Framing, BodyLength, CheckSum and the field index only.</summary>
    [Benchmark]
    public int ParseOnly() => FixParser.Parse(_newOrder, _message, 8192).Length;

    /// <summary>The checks alone, on the parsed message.</summary>
    [Benchmark]
    public double ValidateOnly() => Validate();

    /// <summary>The same message split across two pipe segments (copied once into the reader's scratch buffer).</summary>
    [Benchmark]
    public double ParseSplitAndValidate()
    {
        var result = _frames.Read(_split, _message);
        return result.Status == FixParseStatus.Complete ? Validate() : double.NaN;
    }

    /// <summary>An ExecutionReport (New) as the session writes it: header, 17 body fields, BodyLength and CheckSum.</summary>
    [Benchmark]
    public int EncodeExecutionReport()
    {
        var w = _writer;
        w.Begin("8"u8);
        w.Add(FixTag.SenderCompId, "HM"u8);
        w.Add(FixTag.TargetCompId, "CLIENT1"u8);
        w.Add(FixTag.MsgSeqNum, 12346L);
        w.AddTimestamp(FixTag.SendingTime, _now);
        w.Add(FixTag.OrderId, 481986191718088704L);
        w.Add(FixTag.ClOrdId, "ORD-000123456"u8);
        w.Add(FixTag.ExecId, 28728615744L);
        w.Add(FixTag.ExecType, '0');
        w.Add(FixTag.OrdStatus, '0');
        w.Add(FixTag.Account, _directory.Accounts.Name(0));
        w.Add(FixTag.Symbol, _directory.Instruments.Name(4));
        w.Add(FixTag.Side, '1');
        w.Add(FixTag.OrderQty, 0.25);
        w.Add(FixTag.OrdType, '2');
        w.Add(FixTag.Price, 90123.5);
        w.Add(FixTag.LeavesQty, 0.25);
        w.Add(FixTag.CumQty, 0.0);
        w.Add(FixTag.AvgPx, 0.0);
        w.AddTimestamp(FixTag.TransactTime, _now);
        return w.Complete().Length;
    }

    private double Validate()
    {
        var problem = OrderRequest.Read(_message, replace: false, out var request);
        if (!problem.IsNone || request.Unsupported is not null || _message.MsgSeqNum <= 0
            || !FixTimestamp.TryParse(_message.Get(FixTag.SendingTime), out _)
            || _directory.Accounts.Find(request.Account) < 0 || _directory.Instruments.Find(request.Symbol) < 0)
        {
            return double.NaN;
        }

        return request.Quantity;
    }

    private static System.Buffers.ReadOnlySequence<byte> TwoSegments(byte[] bytes, int split)
    {
        var first = new Segment(bytes.AsMemory(0, split), 0);
        var second = first.Append(bytes.AsMemory(split));
        return new System.Buffers.ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
