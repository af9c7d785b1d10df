using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Journal;

namespace HybridMargin.Tests.Cli;

/// <summary>
/// A seeded client flow through a journalled gate, from one thread: orders and replaces (each waiting for its
/// decision), cancels and fills of orders the gate accepted, marks, implied vols, balances and kill switches, and
/// with a recalculation, requests for one. Keeps every step and the decision its client received, so that a test can
/// check the replay against the clients and feed the same steps to an engine of its own.
/// </summary>
internal sealed class ReplayFlow
{
    private readonly Random _random;
    private readonly RiskGate _gate;
    private readonly Book _book;
    private readonly double[] _instrumentMarks;
    private readonly List<(int Account, long Id, Order Order, double Remaining)> _open = [];
    private long _nextId = 1;
    private long _clock = 1_790_000_000_000_000_000;

    public ReplayFlow(RiskGate gate, int seed)
    {
        _gate = gate;
        _book = gate.Engine.Book;
        _random = new Random(seed);
        _instrumentMarks = Enumerable.Range(0, _book.Instruments.Count).Select(gate.Engine.InstrumentMark).ToArray();
    }

    /// <summary>Every event in the order it reached the gate, with the decision its client received (orders and replaces).</summary>
    public List<(JournalEvent Event, Decision Received)> Steps { get; } = [];

    /// <summary>Runs <paramref name="events"/> steps; with <paramref name="recalculateEvery"/> &gt; 0, also has a snapshot adopted every that many.</summary>
    public void Run(int events, int recalculateEvery = 0)
    {
        for (int i = 0; i < events; i++)
        {
            if (recalculateEvery > 0 && i % recalculateEvery == recalculateEvery - 1)
            {
                RecalculateAndWait();
            }

            _clock += 2_000_000 + _random.Next(20_000_000);
            int roll = _random.Next(100);
            if (roll < 55)
            {
                SubmitOrder();
            }
            else if (roll < 60 && _open.Count > 0)
            {
                ReplaceOrder();
            }
            else if (roll < 68 && _open.Count > 0)
            {
                int k = _random.Next(_open.Count);
                var (account, id, _, _) = _open[k];
                _open.RemoveAt(k);
                _gate.Cancel(account, id);
                Steps.Add((JournalEvent.ForCancel(account, id), default));
            }
            else if (roll < 80 && _open.Count > 0)
            {
                FillOrder();
            }
            else if (roll < 92)
            {
                int asset = _random.Next(_book.Assets.Count);
                double price = _book.Assets[asset].Price * (0.97 + (_random.NextDouble() * 0.06));
                _gate.Mark(asset, price, _clock);
                Steps.Add((JournalEvent.ForMark(asset, price, _clock), default));
            }
            else if (roll < 95)
            {
                int instrument = _random.Next(_book.Instruments.Count);
                double vol = 0.3 + (_random.NextDouble() * 0.5);
                _gate.ImpliedVol(instrument, vol);
                Steps.Add((JournalEvent.ForImpliedVol(instrument, vol, 0), default));
            }
            else if (roll < 98)
            {
                int account = _random.Next(_book.Accounts.Count);
                int asset = _random.Next(_book.Assets.Count);
                double change = Math.Round((_random.NextDouble() - 0.4) * 2000, 2);
                _gate.Balance(account, asset, change);
                Steps.Add((JournalEvent.ForBalance(account, asset, change), default));
            }
            else
            {
                int account = _random.Next(_book.Accounts.Count);
                bool disabled = _random.Next(4) == 0;
                _gate.KillSwitch(account, disabled);
                Steps.Add((JournalEvent.ForKillSwitch(account, disabled), default));
            }
        }
    }

    /// <summary>Requests a recalculation and waits until a snapshot is adopted, so the journal holds its adoption.</summary>
    private void RecalculateAndWait()
    {
        var recalculation = _gate.Recalculation!;
        long adopted = recalculation.Adopted;
        _gate.RequestRecalculation();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (recalculation.Adopted == adopted)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no snapshot was adopted within 60 s");
            Thread.Sleep(1);
        }
    }

    private Order NewOrder(int account)
    {
        int instrument = _random.Next(_book.Instruments.Count);
        double maxQuantity = _book.Accounts[account].Limits.MaxOrderQty ?? 10;
        double quantity = Math.Round(0.01 + (_random.NextDouble() * maxQuantity * 0.3), 2);
        double price = Math.Round(_instrumentMarks[instrument] * (0.98 + (_random.NextDouble() * 0.04)), 2);
        var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var type = _random.Next(10) == 0 ? OrderType.Market : OrderType.Limit;
        return new Order(account, instrument, side, type, quantity, Math.Max(price, 0.01), _nextId++, _clock);
    }

    private void SubmitOrder()
    {
        var order = NewOrder(_random.Next(_book.Accounts.Count));
        var decision = _gate.Submit(order);
        Steps.Add((JournalEvent.ForOrder(order), decision));
        if (decision.Accepted)
        {
            _open.Add((order.Account, order.ClientOrderId, order, order.Quantity));
        }
    }

    private void ReplaceOrder()
    {
        int k = _random.Next(_open.Count);
        var (account, id, _, _) = _open[k];
        var replacement = NewOrder(account);
        var reply = new ReplyBox();
        _gate.Replace(id, replacement, reply);
        var decision = reply.Wait();
        Steps.Add((JournalEvent.ForReplace(id, replacement), decision));
        if (decision.Accepted)
        {
            _open[k] = (account, replacement.ClientOrderId, replacement, replacement.Quantity);
        }
    }

    private void FillOrder()
    {
        int k = _random.Next(_open.Count);
        var (account, id, order, remaining) = _open[k];
        bool whole = _random.Next(3) == 0;
        double quantity = whole ? remaining : Math.Round(remaining / 2, 6);
        double price = order.Type == OrderType.Limit ? order.LimitPrice : _instrumentMarks[order.Instrument];
        _gate.Fill(account, id, quantity, price);
        Steps.Add((JournalEvent.ForFill(account, id, quantity, price), default));
        if (whole || quantity <= 0)
        {
            _open.RemoveAt(k);
        }
        else
        {
            _open[k] = (account, id, order, remaining - quantity);
        }
    }

    /// <summary>Waits for the one reply of a replace.</summary>
    private sealed class ReplyBox : IReplySink
    {
        private readonly ManualResetEventSlim _done = new();
        private Decision _decision;

        public void OnReply(in GateReply reply)
        {
            _decision = reply.Decision;
            _done.Set();
        }

        public Decision Wait()
        {
            Assert.True(_done.Wait(TimeSpan.FromSeconds(30)), "no reply to the replace");
            _done.Dispose();
            return _decision;
        }
    }
}
