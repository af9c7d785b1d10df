using System.Threading.Channels;
using HybridMargin.Engine;

namespace HybridMargin.Fix.Venue;

/// <summary>
/// A stand-in venue for <c>hm serve</c> and tests: on its own thread it fills a seeded share of accepted orders
/// at the instrument's reference mark — some partly, the rest fully — and ends the unfilled remainder of IOC/FOK
/// orders. Fills reach positions through the session, which applies them to the gate before reporting them.
/// </summary>
public sealed class SimulatedVenue : IOrderSink, IDisposable
{
    private readonly Channel<RoutedOrder> _accepted = Channel.CreateUnbounded<RoutedOrder>(new UnboundedChannelOptions { SingleReader = true });
    private readonly double[] _marks;
    private readonly double _fillShare;
    private readonly double _partialShare;
    private readonly Random _random;
    private readonly Task _worker;

    /// <summary>Creates the venue.</summary>
    /// <param name="marks">Reference price per instrument index (fills happen at it).</param>
    /// <param name="fillShare">Share of accepted orders that get a fill (0..1).</param>
    /// <param name="partialShare">Share of those fills that are partial (half the quantity).</param>
    /// <param name="seed">Seed of the fill decisions.</param>
    public SimulatedVenue(IReadOnlyList<double> marks, double fillShare = 0.5, double partialShare = 0.3, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentOutOfRangeException.ThrowIfLessThan(fillShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillShare, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(partialShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partialShare, 1);
        _marks = [.. marks];
        _fillShare = fillShare;
        _partialShare = partialShare;
        _random = new Random(seed);
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Reference marks of every instrument of <paramref name="engine"/> (read before the gate starts).</summary>
    public static double[] MarksOf(RiskEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var marks = new double[engine.Book.Instruments.Count];
        for (int i = 0; i < marks.Length; i++)
        {
            marks[i] = engine.InstrumentMark(i);
        }

        return marks;
    }

    /// <summary>Orders filled (fully or partly) so far.</summary>
    public long Fills => Volatile.Read(ref _fills);

    private long _fills;

    /// <inheritdoc/>
    public void OnAccepted(in RoutedOrder order) => _accepted.Writer.TryWrite(order);

    /// <inheritdoc/>
    public void OnReplaced(in RoutedOrder order)
    {
    }

    /// <inheritdoc/>
    public void OnCancelled(long orderId)
    {
    }

    /// <summary>Stops the worker after what is queued.</summary>
    public void Dispose()
    {
        _accepted.Writer.TryComplete();
        _worker.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task RunAsync()
    {
        var reader = _accepted.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var order))
            {
                Execute(order);
            }
        }
    }

    private void Execute(in RoutedOrder order)
    {
        double mark = (uint)order.Instrument < (uint)_marks.Length ? _marks[order.Instrument] : double.NaN;
        bool immediate = order.TimeInForce is (byte)'3' or (byte)'4';
        bool fill = double.IsFinite(mark) && mark > 0 && _random.NextDouble() < _fillShare;
        bool partial = fill && order.TimeInForce != (byte)'4' && _random.NextDouble() < _partialShare;
        if (fill)
        {
            double quantity = partial ? order.Quantity / 2 : order.Quantity;
            order.Client.OnFill(order.OrderId, quantity, mark);
            Interlocked.Increment(ref _fills);
        }

        if (immediate && (!fill || partial))
        {
            order.Client.OnExpired(order.OrderId);
        }
    }
}
