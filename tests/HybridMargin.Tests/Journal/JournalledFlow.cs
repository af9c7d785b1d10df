using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Tests.Journal;

/// <summary>
/// A seeded mix of every inbound event kind driven through a gate from one thread: orders (answered synchronously),
/// cancels and fills of orders it had accepted, marks on a random walk, implied vols, balances, kill switches and
/// recalculation requests. Records each order's decision as the client received it.
/// </summary>
internal sealed class JournalledFlow
{
    private readonly Random _random;
    private readonly RiskGate _gate;
    private readonly List<(int Account, long Id)> _open = [];
    private long _nextId;
    private long _clock = 1_700_000_000_000_000_000;

    public JournalledFlow(RiskGate gate, int seed, long firstId = 1)
    {
        _gate = gate;
        _random = new Random(seed);
        _nextId = firstId;
    }

    /// <summary>(account, client order id) → the decision received.</summary>
    public Dictionary<(int Account, long Id), Decision> Decisions { get; } = [];

    public void Run(int events)
    {
        var engine = _gate.Engine;
        var book = engine.Book;
        for (int i = 0; i < events; i++)
        {
            _clock += 1_000_000 + _random.Next(5_000_000);
            int roll = _random.Next(100);
            if (roll < 55)
            {
                int account = _random.Next(book.Accounts.Count);
                int instrument = _random.Next(book.Instruments.Count);
                double mark = book.Instruments[instrument].Kind == global::HybridMargin.Books.InstrumentKind.Option ? 100 : book.Assets[book.Instruments[instrument].Underlying].Price;
                var side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
                double quantity = Math.Round(0.01 + (_random.NextDouble() * 3), 2);
                double price = Math.Round(mark * (0.97 + (_random.NextDouble() * 0.06)), 2);
                var type = _random.Next(10) == 0 ? OrderType.Market : OrderType.Limit;
                long id = _nextId++;
                var decision = _gate.Submit(new Order(account, instrument, side, type, quantity, price, id, _clock));
                Decisions[(account, id)] = decision;
                if (decision.Accepted)
                {
                    _open.Add((account, id));
                }
            }
            else if (roll < 65 && _open.Count > 0)
            {
                int k = _random.Next(_open.Count);
                var (account, id) = _open[k];
                _open.RemoveAt(k);
                _gate.Cancel(account, id);
            }
            else if (roll < 78 && _open.Count > 0)
            {
                int k = _random.Next(_open.Count);
                var (account, id) = _open[k];
                // Fill at most the smallest order quantity, so some fills are partial and some refused by the engine.
                _gate.Fill(account, id, 0.01 + Math.Round(_random.NextDouble(), 2), book.Assets[0].Price > 0 ? 100 + _random.Next(50) : 1);
                if (_random.Next(3) == 0)
                {
                    _open.RemoveAt(k);
                }
            }
            else if (roll < 90)
            {
                int asset = _random.Next(book.Assets.Count);
                double price = engine.Book.Assets[asset].Price * (0.95 + (_random.NextDouble() * 0.1));
                _gate.Mark(asset, price, _clock);
            }
            else if (roll < 93)
            {
                int instrument = _random.Next(book.Instruments.Count);
                _gate.ImpliedVol(instrument, 0.3 + (_random.NextDouble() * 0.5));
            }
            else if (roll < 97)
            {
                _gate.Balance(_random.Next(book.Accounts.Count), _random.Next(book.Assets.Count), Math.Round((_random.NextDouble() - 0.3) * 1000, 2));
            }
            else if (roll < 99)
            {
                _gate.KillSwitch(_random.Next(book.Accounts.Count), _random.Next(4) == 0);
            }
            else
            {
                _gate.RequestRecalculation();
            }
        }
    }
}
