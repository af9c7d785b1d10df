using System.Diagnostics;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Tests.Reference;
using HybridMargin.Tests.Risk;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Engine;

/// <summary>
/// 100,000 seeded random events — orders, fills, cancels, replaces, mark and vol moves, deposits and withdrawals,
/// missing marks, kill switches — through the engine, while the test keeps its own plain model of every account
/// (balances, derivative holdings with cost, open orders with reservation prices), updated only from the codes and
/// decisions the engine returns. Every 1,000 events every account's incremental figures, in all three open-order
/// scenarios, must equal the from-scratch reference computed on the model's state; sampled order decisions must
/// carry the reference's post-trade figures.
/// </summary>
public sealed class IncrementalEqualsFromScratchTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public void Hundred_thousand_random_events_leave_every_account_equal_to_a_from_scratch_recomputation()
    {
        var clock = Stopwatch.StartNew();
        var simulation = new Simulation(seed: 20_261_124);
        simulation.Run(events: 100_000, checkEvery: 1_000);
        clock.Stop();

        _output.WriteLine($"{simulation.Book.Accounts.Count} accounts, {simulation.Book.Assets.Count} assets, {simulation.Book.Instruments.Count} instruments; {clock.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine($"events: {string.Join(", ", simulation.EventCounts.Select(p => $"{p.Key} {p.Value}"))}");
        _output.WriteLine($"order decisions: {string.Join(", ", simulation.Decisions.Select(p => $"{p.Key} {p.Value}"))}");
        _output.WriteLine($"checkpoints {simulation.Checkpoints}, post-trade checks {simulation.PostTradeChecks}, dominant-underlying checks {simulation.DominantChecks}");
        _output.WriteLine($"largest relative errors at checkpoints: {simulation.Errors}");
        _output.WriteLine($"largest relative errors of post-trade figures: {simulation.PostTradeErrors}");

        int orders = simulation.Decisions.Values.Sum();
        Assert.True(simulation.Decisions.GetValueOrDefault(RejectCode.None) > orders / 3, "most orders should pass");
        Assert.True(simulation.Decisions.GetValueOrDefault(RejectCode.InsufficientMargin) > 0);
        Assert.True(simulation.Decisions.Keys.Count(c => c is not RejectCode.None and not RejectCode.InsufficientMargin) >= 4, "some orders should fail the non-margin checks");
        Assert.Equal(100, simulation.Checkpoints);
    }

    private sealed class ModelOrder
    {
        public required int Account { get; init; }

        public required long Id { get; init; }

        public required int Instrument { get; init; }

        public required Side Side { get; init; }

        public required double Price { get; init; }

        /// <summary>The quote asset's mark at acceptance: the reservation's USD-to-quote rate.</summary>
        public required double QuoteMark { get; init; }

        public required double Remaining { get; set; }
    }

    private sealed class Simulation
    {
        private const double FigureScale = 1;

        private readonly Random _random;
        private readonly RiskEngine _engine;
        private readonly double[] _marks;
        private readonly double[] _homeMarks;
        private readonly double[] _vols;
        private readonly double[] _homeVols;
        private readonly ReferenceState[] _accounts;
        private readonly int[][] _universe;
        private readonly List<ModelOrder> _open = [];
        private readonly int[] _enableAt;
        private long _nextId;
        private int _event;
        private long _time = 1_800_000_000_000_000_000;
        private int _missingAsset = -1;
        private int _missingUntil;
        private int _orderChecks;

        public Simulation(int seed)
        {
            _random = new Random(seed);
            Book = BookLoader.Parse(RandomBook.Json(_random, new RandomBookShape
            {
                MinAssets = 5,
                MaxAssets = 5,
                OptionsPerAsset = 9,
                Accounts = 56,
                MaxPositions = 4,
                Notional = 100_000,
                WithLimits = true,
                WithSecondStable = true,
                RiskFreeRate = 0.03,
            }));
            _engine = new RiskEngine(Book);
            _marks = Book.Assets.Select(a => a.Price).ToArray();
            _homeMarks = (double[])_marks.Clone();
            _vols = Book.Instruments.Select(i => i.ImpliedVol).ToArray();
            _homeVols = (double[])_vols.Clone();
            _accounts = new ReferenceState[Book.Accounts.Count];
            _universe = new int[Book.Accounts.Count][];
            _enableAt = new int[Book.Accounts.Count];
            for (int a = 0; a < _accounts.Length; a++)
            {
                var loaded = ReferenceState.FromBook(Book, a);
                _accounts[a] = new ReferenceState(_marks, _vols, loaded.Balances, loaded.Derivatives);

                // Each account trades what it holds and a few more instruments, which keeps the reference cheap.
                _universe[a] = loaded.Derivatives.Keys
                    .Concat(Enumerable.Range(0, Book.Instruments.Count).OrderBy(_ => _random.Next()).Take(6))
                    .Distinct()
                    .ToArray();
            }
        }

        public Book Book { get; }

        public SortedDictionary<string, int> EventCounts { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<RejectCode, int> Decisions { get; } = [];

        public ErrorLog Errors { get; } = new();

        public ErrorLog PostTradeErrors { get; } = new();

        public int Checkpoints { get; private set; }

        public int PostTradeChecks { get; private set; }

        public int DominantChecks { get; private set; }

        public void Run(int events, int checkEvery)
        {
            for (int e = 1; e <= events; e++)
            {
                _event = e;
                _time += 1_000_000;
                if (_missingAsset >= 0 && e >= _missingUntil)
                {
                    RestoreMissingMark();
                }

                for (int a = 0; a < _enableAt.Length; a++)
                {
                    if (_enableAt[a] == e)
                    {
                        Assert.Equal(RejectCode.None, _engine.SetKillSwitch(a, false));
                    }
                }

                double u = _random.NextDouble();
                string kind = u switch
                {
                    < 0.36 => NewOrder(),
                    < 0.56 => FillOrder(),
                    < 0.63 => CancelOrder(),
                    < 0.70 => ReplaceOrder(),
                    < 0.84 => MoveMark(),
                    < 0.90 => MoveVol(),
                    < 0.96 => ChangeBalance(),
                    < 0.985 => WhatIf(),
                    < 0.988 => KillSwitch(),
                    < 0.9888 => DropMark(),
                    _ => UnknownOrders(),
                };
                EventCounts[kind] = EventCounts.GetValueOrDefault(kind) + 1;
                if (e % checkEvery == 0)
                {
                    RestoreMissingMark();
                    Checkpoint(e);
                }
            }
        }

        private string NewOrder()
        {
            int account = _random.Next(_accounts.Length);
            var order = RandomOrder(account, ++_nextId);
            var decision = _engine.Evaluate(order);
            Count(decision.Code);
            if (decision.Accepted)
            {
                Reserve(order);
            }

            if (decision.Code is RejectCode.None or RejectCode.InsufficientMargin && ++_orderChecks % 8 == 0)
            {
                CheckPostTrade(decision, order, reserved: decision.Accepted, $"order {order.ClientOrderId}");
            }

            return "order";
        }

        private string WhatIf()
        {
            int account = _random.Next(_accounts.Length);
            var order = RandomOrder(account, ++_nextId);
            int openBefore = _engine.OpenOrderCount(account);
            var decision = _engine.WhatIf(order);
            Assert.Equal(openBefore, _engine.OpenOrderCount(account));
            if (decision.Code is RejectCode.None or RejectCode.InsufficientMargin)
            {
                CheckPostTrade(decision, order, reserved: false, $"what-if {order.ClientOrderId}");
            }

            return "what-if";
        }

        private string FillOrder()
        {
            if (_open.Count == 0)
            {
                return "fill (none open)";
            }

            var open = _open[_random.Next(_open.Count)];
            bool full = _random.NextDouble() < 0.5;
            double quantity = full ? open.Remaining : open.Remaining * RandomBook.Uniform(_random, 0.1, 0.9);
            double price = open.Price * Math.Exp(0.003 * RandomBook.Gaussian(_random));
            if (_random.NextDouble() < 0.02)
            {
                // More than is open: a venue error, refused without effect.
                Assert.Equal(RejectCode.InvalidInput, _engine.Fill(open.Account, open.Id, open.Remaining * 1.5, price));
                return "fill (too much)";
            }

            Assert.Equal(RejectCode.None, _engine.Fill(open.Account, open.Id, quantity, price));
            double sign = open.Side == Side.Buy ? 1 : -1;
            // The fill converts at the quote's mark now, or at the reservation's rate while that mark is missing.
            int quote = Book.Instruments[open.Instrument].Quote;
            double quoteMark = quote == _missingAsset ? open.QuoteMark : _marks[quote];
            _accounts[open.Account].Trade(Book, open.Instrument, sign * quantity, price, quoteMark);
            open.Remaining -= quantity;
            if (full)
            {
                _open.Remove(open);
            }

            return full ? "fill (full)" : "fill (partial)";
        }

        private string CancelOrder()
        {
            if (_open.Count == 0)
            {
                return "cancel (none open)";
            }

            var open = _open[_random.Next(_open.Count)];
            Assert.Equal(RejectCode.None, _engine.Cancel(open.Account, open.Id));
            _open.Remove(open);
            return "cancel";
        }

        private string ReplaceOrder()
        {
            if (_open.Count == 0)
            {
                return "replace (none open)";
            }

            var original = _open[_random.Next(_open.Count)];
            long id = _random.NextDouble() < 0.2 ? original.Id : ++_nextId;
            var replacement = RandomOrder(original.Account, id);
            if (_random.NextDouble() < 0.7)
            {
                replacement = replacement with { Instrument = original.Instrument, Side = original.Side, Quantity = original.Remaining * RandomBook.Uniform(_random, 0.5, 1.5) };
            }

            var decision = _engine.Replace(original.Id, replacement);
            Count(decision.Code);
            if (decision.Accepted)
            {
                _open.Remove(original);
                Reserve(replacement);
                CheckPostTrade(decision, replacement, reserved: true, $"replace of {original.Id}");
            }
            else if (decision.Code == RejectCode.InsufficientMargin)
            {
                // The replacement was checked as if the original were cancelled.
                _open.Remove(original);
                CheckPostTrade(decision, replacement, reserved: false, $"replace of {original.Id}");
                _open.Add(original);
            }

            return decision.Accepted ? "replace" : "replace (rejected)";
        }

        private string MoveMark()
        {
            int asset = _random.Next(_marks.Length);
            if (asset == _missingAsset)
            {
                return "mark (missing)";
            }

            // Log-price random walk of a few %, pulled back towards the load-time price.
            double step = Book.Assets[asset].Symbol == "USDT" ? 0.0005 : 0.02;
            double drift = -0.02 * Math.Log(_marks[asset] / _homeMarks[asset]);
            double mark = _marks[asset] * Math.Exp(drift + (step * RandomBook.Gaussian(_random)));
            Assert.Equal(RejectCode.None, _engine.SetMark(asset, mark));
            _marks[asset] = mark;
            return "mark";
        }

        private string MoveVol()
        {
            var options = Book.Instruments.Where(i => i.Kind == InstrumentKind.Option).ToArray();
            int instrument = options[_random.Next(options.Length)].Index;
            double drift = -0.05 * Math.Log(_vols[instrument] / _homeVols[instrument]);
            double vol = _vols[instrument] * Math.Exp(drift + (0.05 * RandomBook.Gaussian(_random)));
            Assert.Equal(RejectCode.None, _engine.SetImpliedVol(instrument, vol));
            _vols[instrument] = vol;
            return "vol";
        }

        private string ChangeBalance()
        {
            int account = _random.Next(_accounts.Length);
            int asset = _random.Next(_marks.Length);
            double units = 50_000 * Math.Exp(RandomBook.Gaussian(_random)) / _marks[asset] * (_random.NextDouble() < 0.35 ? -1 : 1);
            Assert.Equal(RejectCode.None, _engine.ChangeBalance(account, asset, units));
            _accounts[account].Balances[asset] += units;
            return units > 0 ? "deposit" : "withdrawal";
        }

        /// <summary>Disables an account for a few hundred events.</summary>
        private string KillSwitch()
        {
            int account = _random.Next(_accounts.Length);
            if (_enableAt[account] > _event)
            {
                return "kill switch (already on)";
            }

            _enableAt[account] = _event + _random.Next(50, 500);
            Assert.Equal(RejectCode.None, _engine.SetKillSwitch(account, true));
            return "kill switch";
        }

        /// <summary>A bad price leaves the asset without a mark for a while (orders that need it fail closed); the good mark comes back later.</summary>
        private string DropMark()
        {
            if (_missingAsset >= 0)
            {
                return "drop mark (already missing)";
            }

            _missingAsset = _random.Next(_marks.Length);
            _missingUntil = _event + _random.Next(20, 150);
            Assert.Equal(RejectCode.InvalidInput, _engine.SetMark(_missingAsset, double.NaN));
            return "drop mark";
        }

        private void RestoreMissingMark()
        {
            if (_missingAsset >= 0)
            {
                Assert.Equal(RejectCode.None, _engine.SetMark(_missingAsset, _marks[_missingAsset]));
                _missingAsset = -1;
            }
        }

        private string UnknownOrders()
        {
            int account = _random.Next(_accounts.Length);
            Assert.Equal(RejectCode.UnknownOrder, _engine.Cancel(account, -1));
            Assert.Equal(RejectCode.UnknownOrder, _engine.Fill(account, -2, 1, 1));
            return "unknown order";
        }

        private Order RandomOrder(int account, long id)
        {
            int instrument = _universe[account][_random.Next(_universe[account].Length)];
            var terms = Book.Instruments[instrument];
            double spot = _marks[terms.Underlying];
            double mark = InstrumentMark(instrument);
            var side = _random.NextDouble() < 0.5 ? Side.Buy : Side.Sell;
            double quantity = 30_000 * Math.Exp(0.7 * RandomBook.Gaussian(_random)) / (spot * terms.Multiplier);
            double held = terms.Kind == InstrumentKind.Spot
                ? _accounts[account].Balances[terms.Underlying]
                : _accounts[account].Derivatives.GetValueOrDefault(instrument).Quantity;
            if (held != 0 && _random.NextDouble() < 0.25)
            {
                // Reducing orders let accounts in liquidation trade too.
                side = held > 0 ? Side.Sell : Side.Buy;
                quantity = Math.Abs(held) * RandomBook.Uniform(_random, 0.05, 1);
            }

            bool market = _random.NextDouble() < 0.25;
            double limit = mark * Math.Exp(0.03 * RandomBook.Gaussian(_random));
            if (_random.NextDouble() < 0.01)
            {
                limit = mark * 2;
            }

            return new Order(account, instrument, side, market ? OrderType.Market : OrderType.Limit, quantity, market ? 0 : limit, id, _time);
        }

        /// <summary>The value per unit the engine reserves a market order at: S, F or the Black-76 value at the current iv.</summary>
        private double InstrumentMark(int instrument)
        {
            var terms = Book.Instruments[instrument];
            return ReferencePricing.Value(Book, terms, _marks[terms.Underlying], _vols[instrument]);
        }

        private void Reserve(in Order order) =>
            _open.Add(new ModelOrder
            {
                Account = order.Account,
                Id = order.ClientOrderId,
                Instrument = order.Instrument,
                Side = order.Side,
                Price = order.Type == OrderType.Market ? InstrumentMark(order.Instrument) : order.LimitPrice,
                QuoteMark = _marks[Book.Instruments[order.Instrument].Quote],
                Remaining = order.Quantity,
            });

        private void Count(RejectCode code) => Decisions[code] = Decisions.GetValueOrDefault(code) + 1;

        /// <summary>The model's account with the open orders of one side (1 buys, 2 sells; 0 none) applied as fills at their reservation prices.</summary>
        private ReferenceState Scenario(int account, OpenOrderScenario scenario, ModelOrder? extra = null)
        {
            var model = _accounts[account];
            var state = new ReferenceState(_marks, _vols, (double[])model.Balances.Clone(), model.Derivatives);
            var side = scenario == OpenOrderScenario.AllBuysFilled ? Side.Buy : Side.Sell;
            if (scenario == OpenOrderScenario.PositionsOnly)
            {
                return state;
            }

            foreach (var open in _open.Append(extra))
            {
                if (open is not null && open.Account == account && open.Side == side)
                {
                    state.Trade(Book, open.Instrument, side == Side.Buy ? open.Remaining : -open.Remaining, open.Price, open.QuoteMark);
                }
            }

            return state;
        }

        /// <summary>
        /// SPEC §5 check 8: the post-trade figures are those of the worse (lower excess) of "all open buys filled"
        /// and "all open sells filled", the order counted on its own side.
        /// </summary>
        private void CheckPostTrade(in Decision decision, in Order order, bool reserved, string context)
        {
            PostTradeChecks++;
            ModelOrder? extra = reserved ? null : new ModelOrder
            {
                Account = order.Account,
                Id = order.ClientOrderId,
                Instrument = order.Instrument,
                Side = order.Side,
                Price = order.Type == OrderType.Market ? InstrumentMark(order.Instrument) : order.LimitPrice,
                QuoteMark = _marks[Book.Instruments[order.Instrument].Quote],
                Remaining = order.Quantity,
            };
            var orderSide = order.Side == Side.Buy ? OpenOrderScenario.AllBuysFilled : OpenOrderScenario.AllSellsFilled;
            var otherSide = order.Side == Side.Buy ? OpenOrderScenario.AllSellsFilled : OpenOrderScenario.AllBuysFilled;
            var withOrder = ReferenceMargin.Compute(Book, Scenario(order.Account, orderSide, extra));
            var other = ReferenceMargin.Compute(Book, Scenario(order.Account, otherSide));
            var expected = withOrder.Excess <= other.Excess ? withOrder : other;
            double gap = Math.Abs(withOrder.Excess - other.Excess) / Math.Max(Math.Abs(expected.Excess), FigureScale);
            if (gap < 1e-9 && MarginAssert.RelativeError(decision.PostTrade.InitialMargin, expected.InitialMargin, FigureScale) > 1e-9)
            {
                expected = ReferenceEquals(expected, withOrder) ? other : withOrder;
            }

            MarginAssert.Equal(expected, decision.PostTrade, $"post-trade of {context} (account {order.Account}, {decision.Code})", PostTradeErrors, FigureScale);
            if (decision.Code == RejectCode.InsufficientMargin)
            {
                CheckDominantUnderlying(decision, expected, context);
            }
        }

        /// <summary>
        /// A margin reject names the underlying that dominates: the largest Loss_i when the grid decides MM, else
        /// the largest Euler contribution e_i·(Σe)_i + e_{n+i}·(Σe)_{n+i} to the delta-vega variance. Near ties are skipped.
        /// </summary>
        private void CheckDominantUnderlying(in Decision decision, ReferenceFigures expected, string context)
        {
            int n = Book.Assets.Count;
            double[] score;
            if (expected.GridLoss >= expected.VarParametric)
            {
                score = expected.LossByUnderlying;
            }
            else
            {
                var sigma = ReferenceMargin.Covariance(Book);
                var e = expected.Exposure;
                score = new double[n];
                for (int i = 0; i < n; i++)
                {
                    for (int k = 0; k < 2 * n; k++)
                    {
                        score[i] += (e[i] * sigma[i, k] * e[k]) + (e[n + i] * sigma[n + i, k] * e[k]);
                    }
                }
            }

            var ranked = score.Select((value, asset) => (value, asset)).OrderByDescending(x => x.value).ToArray();
            bool tie = Math.Abs(ranked[0].value - ranked[1].value) <= 1e-9 * Math.Max(Math.Abs(ranked[0].value), 1);
            bool gridOrVarTie = Math.Abs(expected.GridLoss - expected.VarParametric) <= 1e-9 * Math.Max(expected.GridLoss, 1);
            if (!tie && !gridOrVarTie)
            {
                DominantChecks++;
                Assert.True(
                    Book.Assets[ranked[0].asset].Symbol == decision.Underlying,
                    $"{context}: the margin reject names {decision.Underlying}, the reference's dominant underlying is {Book.Assets[ranked[0].asset].Symbol} ({(expected.GridLoss >= expected.VarParametric ? "grid" : "VaR")} decides)");
            }
        }

        private void Checkpoint(int e)
        {
            Checkpoints++;
            for (int a = 0; a < _accounts.Length; a++)
            {
                var model = _accounts[a];
                string context = $"account {a} after {e} events";
                for (int asset = 0; asset < _marks.Length; asset++)
                {
                    MarginAssert.Close(model.Balances[asset], _engine.Balance(a, asset), $"Balance {asset} of {context}", Errors, tolerance: 1e-12);
                }

                double cost = 0;
                double costScale = 1;
                for (int i = 0; i < Book.Instruments.Count; i++)
                {
                    var holding = model.Derivatives.GetValueOrDefault(i);
                    MarginAssert.Close(holding.Quantity, _engine.Position(a, i), $"Position {i} of {context}", Errors, tolerance: 1e-12);
                    cost += holding.Cost;
                    costScale += Math.Abs(holding.Cost);
                }

                MarginAssert.Close(cost, _engine.FuturesCost(a), $"FuturesCost of {context}", Errors, scale: costScale, tolerance: 1e-12);
                Assert.Equal(_open.Count(o => o.Account == a), _engine.OpenOrderCount(a));
                foreach (var scenario in new[] { OpenOrderScenario.PositionsOnly, OpenOrderScenario.AllBuysFilled, OpenOrderScenario.AllSellsFilled })
                {
                    var expected = ReferenceMargin.Compute(Book, Scenario(a, scenario));
                    MarginAssert.Equal(expected, _engine.Figures(a, scenario), $"{context}, {scenario}", Errors, FigureScale);
                }

                MarginAssert.Close(ReferenceMargin.StandaloneInitialMargin(Book, model), _engine.StandaloneInitialMargin(a), $"StandaloneIM of {context}", Errors, FigureScale);
            }
        }
    }
}
