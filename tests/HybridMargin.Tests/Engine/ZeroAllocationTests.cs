using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Tests.Support;

namespace HybridMargin.Tests.Engine;

public class ZeroAllocationTests
{
    /// <summary>
    /// A seeded flow on the sample book: orders on every account and instrument (accepts and every kind of
    /// reject), with fills, partial fills and cancels in between so the open-order table churns.
    /// </summary>
    private sealed class Flow
    {
        private const int Pending = 64;
        private readonly RiskEngine _engine;
        private readonly (int Account, long Id)[] _open = new (int, long)[Pending];
        private int _openCount;
        private ulong _state = 0x9E3779B97F4A7C15UL;
        private long _nextId = 1;
        private long _time;

        public Flow(RiskEngine engine)
        {
            _engine = engine;
        }

        public int Accepted { get; private set; }

        public int Rejected { get; private set; }

        public void Run(int orders)
        {
            for (int i = 0; i < orders; i++)
            {
                Step();
            }
        }

        private ulong Next()
        {
            // xorshift64*: deterministic, allocation-free.
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return _state * 2685821657736338717UL;
        }

        private double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

        private void Step()
        {
            _time += 200_000;
            int account = (int)(Next() % (ulong)_engine.AccountCount);
            int instrument = (int)(Next() % (ulong)_engine.Book.Instruments.Count);
            var side = (Next() & 1) == 0 ? Side.Buy : Side.Sell;
            double mark = _engine.InstrumentMark(instrument);
            double price = mark * (1 + ((Uniform() - 0.5) * 0.04));
            double qty = 0.01 + (Uniform() * (Uniform() < 0.05 ? 500 : 2));
            var type = Uniform() < 0.1 ? OrderType.Market : OrderType.Limit;
            if (Uniform() < 0.02)
            {
                qty = -qty;
            }

            var order = new Order(account, instrument, side, type, qty, price, _nextId++, _time);
            var decision = _engine.Evaluate(order);
            if (!decision.Accepted)
            {
                Rejected++;
                return;
            }

            Accepted++;
            if (_openCount == Pending)
            {
                var (a, id) = _open[Next() % Pending];
                double r = Uniform();
                if (r < 0.5)
                {
                    _engine.Cancel(a, id);
                }
                else
                {
                    // A partial fill, then a fill of the rest at a slightly different price.
                    _engine.Fill(a, id, 1e-3, price);
                    _engine.Cancel(a, id);
                }

                _openCount = 0;
                for (int k = 0; k < Pending; k++)
                {
                    _engine.Cancel(_open[k].Account, _open[k].Id);
                }
            }

            _open[_openCount++] = (account, order.ClientOrderId);
        }
    }

    [Fact]
    public void Evaluating_a_million_orders_with_fills_and_cancels_allocates_nothing()
    {
        var engine = new RiskEngine(BookLoader.LoadSample());
        var flow = new Flow(engine);
        flow.Run(20_000);

        Allocations.AssertNone(() => flow.Run(1_000_000), warmups: 0);

        Assert.True(flow.Accepted > 10_000, $"accepted {flow.Accepted}");
        Assert.True(flow.Rejected > 10_000, $"rejected {flow.Rejected}");
    }

    [Fact]
    public void Mark_and_implied_vol_ticks_on_every_asset_allocate_nothing()
    {
        // A tick revalues every instrument on its asset (option chain Greeks, scenario grids, linear grids) and
        // rebuilds every exposed account; the order flow first gives the accounts holdings and open orders.
        var book = BookLoader.LoadSample();
        var engine = new RiskEngine(book);
        new Flow(engine).Run(20_000);
        int[] options = book.Instruments.Where(i => i.Kind == InstrumentKind.Option).Select(i => i.Index).ToArray();
        int tick = 0;
        int refused = 0;
        void Ticks()
        {
            for (int k = 0; k < 2_000; k++)
            {
                tick++;
                int asset = tick % book.Assets.Count;
                refused += engine.SetMark(asset, book.Assets[asset].Price * (1 + (0.001 * (tick % 7)))) == RejectCode.None ? 0 : 1;
                refused += engine.SetImpliedVol(options[tick % options.Length], 0.4 + (0.01 * (tick % 11))) == RejectCode.None ? 0 : 1;
            }
        }

        Allocations.AssertNone(Ticks);
        Assert.Equal(0, refused);
    }
}
