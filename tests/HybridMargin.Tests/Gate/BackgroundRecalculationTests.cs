using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;
using HybridMargin.Recalculation;
using HybridMargin.Risk;
using HybridMargin.Tests.Engine;

namespace HybridMargin.Tests.Gate;

public class BackgroundRecalculationTests
{
    private const long Second = 1_000_000_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static void WaitForAdoptions(RiskGate gate, long count) =>
        Assert.True(SpinWait.SpinUntil(() => gate.Recalculation!.Adopted >= count, Timeout), $"adopted {gate.Recalculation!.Adopted}, fault {gate.Recalculation.Fault}");

    [Fact]
    public void A_request_made_as_soon_as_the_previous_snapshot_is_adopted_always_starts_a_new_recalculation()
    {
        // Found by hm bench: the worker used to count as busy until its publish returned, which can be after the risk
        // thread adopted the snapshot; a request in that window was dropped and its caller waited forever.
        using var gate = new RiskGate(BookLoader.LoadSample(), new GateOptions { WaitStrategy = WaitStrategyKind.Blocking, ReplyOnRiskThread = true, Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue, Scenarios = 200 } });
        gate.Start();
        var deadline = DateTime.UtcNow + Timeout;
        for (int i = 1; i <= 1000; i++)
        {
            Assert.True(gate.RequestRecalculation());

            // Spin without ever sleeping, as a latency-minded caller does: on 2 cores this keeps a core busy and
            // makes the worker lose its core right after publishing — the window the bug needed.
            var spin = default(SpinWait);
            while (gate.Recalculation!.Adopted < i)
            {
                Assert.True(DateTime.UtcNow < deadline, $"request {i} never started a recalculation (adopted {gate.Recalculation.Adopted})");
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        Assert.True(gate.Stop());
    }

    [Fact]
    public void A_snapshot_adopted_through_the_ring_sets_every_accounts_monte_carlo_add_on()
    {
        var book = BookLoader.LoadSample();
        using var gate = new RiskGate(book, new GateOptions { Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue, Scenarios = 4_000 } });
        gate.Start();
        var engine = gate.Engine;
        int strangle = engine.FindAccount("STRANGLE1");
        int call = engine.FindInstrument("BTC-26MAR27-110000-C");
        double premium = engine.InstrumentMark(call);
        Assert.True(gate.Submit(new Order(strangle, call, Side.Sell, OrderType.Limit, 2, premium, 1, Second)).Accepted);
        gate.Fill(strangle, 1, 2, premium);

        gate.RequestRecalculation();
        WaitForAdoptions(gate, 1);
        Assert.True(gate.Stop());

        // Nothing happened after the request, so a Monte Carlo on the engine's final state must give the same add-ons.
        var covariance = FactorCovariance.Build(book.Assets, book.Correlations, book.Parameters.HorizonDays);
        var scenarios = ScenarioSet.Generate(covariance, 4_000, book.Parameters.McSeed);
        var marks = Enumerable.Range(0, book.Assets.Count).Select(engine.Mark).ToArray();
        var vols = Enumerable.Range(0, book.Instruments.Count).Select(engine.ImpliedVol).ToArray();
        var mc = new MonteCarloRevaluation(book, marks, vols, scenarios);
        for (int a = 0; a < engine.AccountCount; a++)
        {
            var figures = engine.Figures(a);
            double expected = mc.Evaluate(engine.Holdings(a)).ModelAddOn(figures.VarParametric, figures.GridLoss);
            Assert.Equal(expected, figures.ModelAddOn, 1e-9 * Math.Max(1, expected));
            Assert.Equal(Math.Max(figures.VarParametric, figures.GridLoss) + expected, figures.MaintenanceMargin, 1e-6);
        }

        Assert.Equal(1, gate.Recalculation!.Published);
        // The worker recomputed VaR and grid loss from scratch: the risk thread's incremental figures agreed.
        Assert.True(gate.Recalculation.LastDrift <= 1e-9, $"drift {gate.Recalculation.LastDrift:E3}");
    }

    [Fact]
    public void A_stale_gate_rejects_risk_increasing_orders_until_a_snapshot_is_adopted()
    {
        var book = BookLoader.Parse(GateBook.Json);
        using var gate = new RiskGate(book, new GateOptions
        {
            Engine = new RiskEngineOptions { MaxSnapshotAgeNanos = 10 * Second },
            Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue, Scenarios = 1_000 },
        });
        gate.Start();
        int free = book.FindAccount("FREE");
        var order = new Order(free, book.FindInstrument("BTC-PERP"), Side.Buy, OrderType.Limit, 1, 90_000, 1, 5 * Second);

        Assert.Equal(RejectCode.StaleRisk, gate.Submit(order).Code);

        gate.RequestRecalculation();
        WaitForAdoptions(gate, 1);
        Assert.True(gate.Submit(order with { ClientOrderId = 2, TimestampNanos = 6 * Second }).Accepted);
        // The snapshot's state dates from the latest order seen (5 s); 16 s is beyond the 10 s limit.
        Assert.Equal(RejectCode.StaleRisk, gate.Submit(order with { ClientOrderId = 3, TimestampNanos = 16 * Second }).Code);
        Assert.True(gate.Stop());
    }

    [Fact]
    public void Recalculations_start_by_themselves_every_so_many_events_without_blocking_the_flow()
    {
        var book = BookLoader.LoadSample();
        var sink = new CountingSink();
        using var gate = new RiskGate(book, new GateOptions { Recalculation = new RecalculationOptions { EveryEvents = 500, Scenarios = 1_000 } });
        gate.Start();
        int btc = book.FindAsset("BTC");

        for (int i = 0; i < 20_000; i++)
        {
            gate.Mark(btc, 90_000 + (i % 100), sink);
        }

        Assert.True(sink.WaitFor(20_000, Timeout));
        WaitForAdoptions(gate, 1);
        Assert.True(gate.Stop());
        Assert.True(gate.Recalculation!.Published >= 1);
        Assert.Null(gate.Recalculation.Fault);
        Assert.True(gate.Recalculation.LastDrift <= 1e-9, $"drift {gate.Recalculation.LastDrift:E3}");
    }

    [Fact]
    public void A_mark_move_beyond_the_threshold_starts_a_recalculation_and_smaller_moves_do_not()
    {
        var book = BookLoader.LoadSample();
        using var gate = new RiskGate(book, new GateOptions { Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue, MarkMove = 0.02, Scenarios = 1_000 } });
        gate.Start();
        int btc = book.FindAsset("BTC");
        var sink = new CountingSink();

        gate.Mark(btc, 90_000 * 1.015, sink);
        Assert.True(sink.WaitFor(1, Timeout));
        Thread.Sleep(200);
        Assert.Equal(0, gate.Recalculation!.Published);

        gate.Mark(btc, 90_000 * 1.025, sink);
        WaitForAdoptions(gate, 1);
        Assert.True(gate.Stop());
    }

    [Fact]
    public void The_orders_own_clock_starts_a_recalculation_when_the_interval_has_passed()
    {
        var book = BookLoader.Parse(GateBook.Json);
        using var gate = new RiskGate(book, new GateOptions { Recalculation = new RecalculationOptions { EveryEvents = int.MaxValue, EveryNanos = 60 * Second, Scenarios = 1_000 } });
        gate.Start();
        int free = book.FindAccount("FREE");
        var order = new Order(free, book.FindInstrument("BTC-PERP"), Side.Buy, OrderType.Limit, 1, 90_000, 1, 30 * Second);

        gate.Submit(order);
        Thread.Sleep(200);
        Assert.Equal(0, gate.Recalculation!.Published);

        gate.Submit(order with { ClientOrderId = 2, TimestampNanos = 61 * Second });
        WaitForAdoptions(gate, 1);
        Assert.True(gate.Stop());
    }
}
