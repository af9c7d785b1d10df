using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

/// <summary>A venue fill and a client's cancel or replace crossing in the gate: the fill is decided first.</summary>
public sealed class FillRaceTests
{
    [Fact]
    public async Task A_cancel_that_reaches_the_gate_after_a_complete_fill_is_refused_and_the_order_is_done()
    {
        var venue = new ManualVenue();
        await using var server = Start(sink: venue);
        using var stall = new StalledGate(server.Gate);
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 2, 90000);
        client.Report("A1", '0');
        var routed = venue.NextAccepted();

        stall.Hold();
        routed.Client.OnFill(routed.OrderId, 2, 90000);
        client.Cancel("C1", "A1", account: "FREE");
        client.Sync();
        stall.Release();

        var fill = client.Report("A1", 'F');
        Assert.Equal("2", fill.Get(39));
        var reject = client.WaitFor("9", Patience, (11, "C1"));
        Assert.Equal(("1", "2"), (reject.Get(434), reject.Get(39)));
        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the filled order is no longer live");
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');
    }

    [Fact]
    public async Task A_replace_that_reaches_the_gate_after_a_complete_fill_is_refused_and_the_order_is_done()
    {
        var venue = new ManualVenue();
        await using var server = Start(sink: venue);
        using var stall = new StalledGate(server.Gate);
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 2, 90000);
        client.Report("A1", '0');
        var routed = venue.NextAccepted();

        stall.Hold();
        routed.Client.OnFill(routed.OrderId, 2, 90000);
        client.Replace("R1", "A1", 3, 90000, account: "FREE");
        client.Sync();
        stall.Release();

        Assert.Equal("2", client.Report("A1", 'F').Get(39));
        var reject = client.WaitFor("9", Patience, (11, "R1"));
        Assert.Equal(("2", "2"), (reject.Get(434), reject.Get(39)));
        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the filled order is no longer live");
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');
    }

    [Fact]
    public async Task A_cancel_that_reaches_the_gate_after_a_partial_fill_cancels_the_rest()
    {
        var venue = new ManualVenue();
        await using var server = Start(sink: venue);
        using var stall = new StalledGate(server.Gate);
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 2, 90000);
        client.Report("A1", '0');
        var routed = venue.NextAccepted();

        stall.Hold();
        routed.Client.OnFill(routed.OrderId, 0.5, 90000);
        client.Cancel("C1", "A1", account: "FREE");
        client.Sync();
        stall.Release();

        Assert.Equal("1", client.Report("A1", 'F').Get(39));
        var cancelled = client.Report("C1", '4');
        Assert.Equal(0.5, cancelled.Num(14));
        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the cancelled order is no longer live");
        server.Gate.Stop();
        var engine = server.Gate.Engine;
        Assert.Equal(0.5, engine.Position(engine.FindAccount("FREE"), engine.FindInstrument(Perp)));
        Assert.Equal(0, engine.OpenOrderCount(engine.FindAccount("FREE")));
    }

    [Fact]
    public async Task A_fill_after_the_cancel_won_is_not_applied_and_not_reported()
    {
        var venue = new ManualVenue();
        await using var server = Start(sink: venue);
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 2, 90000);
        client.Report("A1", '0');
        var routed = venue.NextAccepted();
        client.Cancel("C1", "A1", account: "FREE");
        client.Report("C1", '4');

        routed.Client.OnFill(routed.OrderId, 2, 90000);
        client.Sync();
        client.Drain(TimeSpan.FromMilliseconds(300));

        Assert.DoesNotContain(client.Received, m => m.Type == "8" && m.Get(150) == "F");
        server.Gate.Stop();
        var engine = server.Gate.Engine;
        Assert.Equal(0, engine.Position(engine.FindAccount("FREE"), engine.FindInstrument(Perp)));
    }
}
