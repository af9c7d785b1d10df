using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Tests.Reference;
using Xunit.Abstractions;

namespace HybridMargin.Tests.Risk;

/// <summary>
/// The engine keeps the VaR quadratic form eᵀΣe incrementally and documents its mark-move path
/// (<c>RecomputeUnderlying</c>) as "the exact, drift-free path". A hedged account that trades large gross amounts
/// in and out must, right after a mark move, have the variance of its small net exposure — not that plus the
/// rounding accumulated on its gross exposure.
/// </summary>
public sealed class IncrementalDriftTests(ITestOutputHelper output)
{
    private const string BookJson = """
        {
          "asOf": "2026-11-24T00:00:00Z",
          "assets": [
            { "symbol": "USDT", "price": 1, "vol": 0.005, "priceRange": 0.02 },
            { "symbol": "BTC", "price": 90000, "vol": 0.55, "haircut": 0.05, "priceRange": 0.15 }
          ],
          "instruments": [
            { "symbol": "BTC", "kind": "spot", "underlying": "BTC" },
            { "symbol": "BTC-PERP", "kind": "perpetual", "underlying": "BTC" }
          ],
          "accounts": [ { "id": "BASIS", "balances": { "USDT": 4600000 } } ]
        }
        """;

    private readonly ITestOutputHelper _output = output;

    [Fact]
    public void Var_of_a_hedged_account_right_after_a_mark_move_carries_no_drift_from_earlier_round_trips()
    {
        // Each cycle buys 50 BTC spot at the mark p_k and sells 50 BTC-PERP, moves the mark, and unwinds both at
        // p_{k+1}. The spot round trips telescope: before each buy USDT = 4.6M + 50·(p_k − 90,000), so hedged it
        // holds 100,000 USDT and D_BTC = 50·S − 50·S = 0. VaR = z × 100,000 × 0.005 × √τ = 60.88 USD
        // (variance 685 USD²). The gross BTC exposure is 4.5M USD, whose term D²Σ ≈ 1.7e10 USD² rounds by
        // ≈ 2e-6 USD² on each update of the quadratic form.
        var book = BookLoader.Parse(BookJson);
        var engine = new RiskEngine(book);
        var model = ReferenceState.FromBook(book, 0);
        var random = new Random(5);
        long id = 0;
        double worst = 0;
        int worstCycle = 0;
        (double Expected, double Actual) worstVar = default;
        for (int cycle = 0; cycle < 2_000; cycle++)
        {
            Trade(0, Side.Buy);
            Trade(1, Side.Sell);
            double mark = 90_000 * Math.Exp(0.01 * RandomBook.Gaussian(random));
            Assert.Equal(RejectCode.None, engine.SetMark(1, mark));
            model.Marks[1] = mark;

            var expected = ReferenceMargin.Compute(book, model);
            var actual = engine.Figures(0);
            MarginAssert.Close(expected.Equity, actual.Equity, "Equity");
            MarginAssert.Close(expected.GridLoss, actual.GridLoss, "GridLoss");
            double error = MarginAssert.RelativeError(actual.VarParametric, expected.VarParametric);
            if (error > worst)
            {
                (worst, worstCycle, worstVar) = (error, cycle, (expected.VarParametric, actual.VarParametric));
            }

            Trade(0, Side.Sell);
            Trade(1, Side.Buy);
        }

        _output.WriteLine($"largest relative VaR error {worst:E2} (cycle {worstCycle}: engine {worstVar.Actual:R}, reference {worstVar.Expected:R})");
        Assert.True(
            worst <= MarginAssert.Tolerance,
            $"right after a mark move the VaR of the hedged account is off by {worst:E2} relative (cycle {worstCycle}: engine {worstVar.Actual:R}, reference {worstVar.Expected:R}): the quadratic form keeps rounding accumulated on the gross exposure");

        void Trade(int instrument, Side side)
        {
            double price = model.Marks[1];
            var decision = engine.Evaluate(new Order(0, instrument, side, OrderType.Limit, 50, price, ++id, id));
            Assert.True(decision.Accepted, decision.Text);
            Assert.Equal(RejectCode.None, engine.Fill(0, id, 50, price));
            model.Trade(book, instrument, side == Side.Buy ? 50 : -50, price);
        }
    }
}
