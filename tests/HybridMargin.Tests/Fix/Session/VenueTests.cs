using HybridMargin.Engine;
using HybridMargin.Fix.Venue;
using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class VenueTests
{
    private static FixServer StartWithVenue(double partialShare)
    {
        var marks = SimulatedVenue.MarksOf(new RiskEngine(NewBook()));
        return Start(sink: new SimulatedVenue(marks, fillShare: 1, partialShare: partialShare));
    }

    [Fact]
    public async Task Reports_a_venue_fill_after_the_gate_applied_it_to_the_position()
    {
        await using var server = StartWithVenue(partialShare: 0);
        using var client = LoggedOn(server);

        client.Order("F1", "FREE", Perp, '1', 2, 90100);

        var accepted = client.Report("F1", '0');
        var fill = client.Report("F1", 'F');
        Assert.Equal(("2", accepted.Get(37)), (fill.Get(39), fill.Get(37)));
        Assert.Equal(2, fill.Num(32));
        Assert.Equal(90000, fill.Num(31));
        Assert.Equal(2, fill.Num(14));
        Assert.Equal(0, fill.Num(151));
        Assert.Equal(90000, fill.Num(6));
        Assert.NotEqual(accepted.Get(17), fill.Get(17));
        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the filled order is no longer live");

        server.Gate.Stop();
        var engine = server.Gate.Engine;
        int account = engine.FindAccount("FREE");
        Assert.Equal(2, engine.Position(account, engine.FindInstrument(Perp)));
        Assert.Equal(0, engine.OpenOrderCount(account));
    }

    [Fact]
    public async Task A_sell_fill_makes_the_position_short()
    {
        await using var server = StartWithVenue(partialShare: 0);
        using var client = LoggedOn(server);

        client.Order("F1", "FREE", Perp, '2', 3, 89900);

        Assert.Equal("2", client.Report("F1", 'F').Get(39));
        server.Gate.Stop();
        var engine = server.Gate.Engine;
        Assert.Equal(-3, engine.Position(engine.FindAccount("FREE"), engine.FindInstrument(Perp)));
    }

    [Fact]
    public async Task Expires_the_unfilled_remainder_of_an_ioc_order_after_its_partial_fill()
    {
        await using var server = StartWithVenue(partialShare: 1);
        using var client = LoggedOn(server);

        client.Order("I1", "FREE", Perp, '1', 4, 90000, tif: '3');

        var accepted = client.Report("I1", '0');
        Assert.Equal("3", accepted.Get(59));
        var fill = client.Report("I1", 'F');
        Assert.Equal("1", fill.Get(39));
        Assert.Equal(2, fill.Num(32));
        Assert.Equal(2, fill.Num(151));
        var expired = client.Report("I1", '4');
        Assert.Equal("4", expired.Get(39));
        Assert.Equal("remainder expired (IOC/FOK)", expired.Get(58));
        Assert.Equal(2, expired.Num(14));
        Assert.Equal(0, expired.Num(151));
        Assert.Null(expired.Get(41));
        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the expired order is no longer live");

        server.Gate.Stop();
        var engine = server.Gate.Engine;
        int account = engine.FindAccount("FREE");
        Assert.Equal(2, engine.Position(account, engine.FindInstrument(Perp)));
        Assert.Equal(0, engine.OpenOrderCount(account));
    }

    [Fact]
    public async Task A_day_order_partly_filled_stays_open_and_can_be_cancelled()
    {
        await using var server = StartWithVenue(partialShare: 1);
        using var client = LoggedOn(server);

        client.Order("P1", "FREE", Perp, '1', 4, 90000);

        Assert.Equal("1", client.Report("P1", 'F').Get(39));
        client.Cancel("C1", "P1", account: "FREE");
        var cancelled = client.Report("C1", '4');
        Assert.Equal(2, cancelled.Num(14));
        server.Gate.Stop();
        var engine = server.Gate.Engine;
        int account = engine.FindAccount("FREE");
        Assert.Equal(2, engine.Position(account, engine.FindInstrument(Perp)));
        Assert.Equal(0, engine.OpenOrderCount(account));
    }
}
