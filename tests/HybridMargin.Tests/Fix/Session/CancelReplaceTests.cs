using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class CancelReplaceTests
{
    [Fact]
    public async Task Cancels_an_open_order_and_releases_its_margin_in_the_gate()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "POOR", Perp, '1', 1, 90000);
        var accepted = client.Report("A1", '0');
        client.Order("A2", "POOR", Perp, '1', 1, 90000);
        Assert.StartsWith("InsufficientMargin", client.Report("A2", '8').Get(58), StringComparison.Ordinal);

        client.Cancel("C1", "A1");

        var cancelled = client.Report("C1", '4');
        Assert.Equal(("4", "A1", accepted.Get(37)), (cancelled.Get(39), cancelled.Get(41), cancelled.Get(37)));
        Assert.Equal(0, cancelled.Num(151));
        Assert.Null(cancelled.Get(58));
        Assert.Equal(0, server.Acceptor.Sessions[0].LiveOrders);
        client.Order("A3", "POOR", Perp, '1', 1, 90000);
        client.Report("A3", '0');
    }

    [Fact]
    public async Task Answers_a_cancel_of_an_unknown_order_with_a_cancel_reject()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Cancel("C1", "NEVER");

        var reject = client.WaitFor("9", Patience);
        Assert.Equal(("C1", "NEVER", "1", "1", "NONE"), (reject.Get(11), reject.Get(41), reject.Get(434), reject.Get(102), reject.Get(37)));
    }

    [Fact]
    public async Task A_cancelled_order_can_no_longer_be_cancelled_and_its_clordid_is_free_again()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');
        client.Cancel("C1", "A1", account: "FREE");
        client.Report("C1", '4');

        client.Cancel("C2", "A1", account: "FREE");
        client.Order("A1", "FREE", Perp, '1', 1, 90000);

        Assert.Equal("1", client.WaitFor("9", Patience, (11, "C2")).Get(102));
        client.Report("A1", '0');
    }

    [Fact]
    public async Task Replaces_an_open_order_keeping_its_order_id()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        var accepted = client.Report("A1", '0');

        client.Replace("R1", "A1", 3, 90500, account: "FREE");

        var replaced = client.Report("R1", '5');
        Assert.Equal(("0", "A1", accepted.Get(37)), (replaced.Get(39), replaced.Get(41), replaced.Get(37)));
        Assert.Equal(3, replaced.Num(38));
        Assert.Equal(90500, replaced.Num(44));
        Assert.Equal(3, replaced.Num(151));
        Assert.NotEqual(accepted.Get(17), replaced.Get(17));

        // From now on the order is known by the replace's ClOrdID only.
        client.Cancel("C1", "A1", account: "FREE");
        Assert.Equal("1", client.WaitFor("9", Patience, (11, "C1")).Get(102));
        client.Cancel("C2", "R1", account: "FREE");
        Assert.Equal(accepted.Get(37), client.Report("C2", '4').Get(37));
    }

    [Fact]
    public async Task Refuses_a_replace_that_would_breach_margin_and_keeps_the_original_live()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "POOR", Perp, '1', 1, 90000);
        var accepted = client.Report("A1", '0');

        client.Replace("R1", "A1", 2, 90000);

        var reject = client.WaitFor("9", Patience, (11, "R1"));
        Assert.Equal(("A1", "2", "0", accepted.Get(37)), (reject.Get(41), reject.Get(434), reject.Get(39), reject.Get(37)));
        Assert.StartsWith("InsufficientMargin", reject.Get(58), StringComparison.Ordinal);
        Assert.Equal(1, server.Acceptor.Sessions[0].LiveOrders);

        // The original still holds its margin, and is still cancellable under its own ClOrdID.
        client.Order("A2", "POOR", Perp, '1', 1, 90000);
        Assert.StartsWith("InsufficientMargin", client.Report("A2", '8').Get(58), StringComparison.Ordinal);
        client.Cancel("C1", "A1");
        Assert.Equal(accepted.Get(37), client.Report("C1", '4').Get(37));
    }

    [Fact]
    public async Task Refuses_a_replace_of_an_unknown_order()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Replace("R1", "NEVER", 1, 90000);

        var reject = client.WaitFor("9", Patience);
        Assert.Equal(("2", "1"), (reject.Get(434), reject.Get(102)));
    }

    [Fact]
    public async Task Refuses_a_replace_that_changes_the_side()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');

        client.Replace("R1", "A1", 1, 90000, account: "FREE", side: '2');

        var reject = client.WaitFor("9", Patience);
        Assert.Equal(("2", "the side of an order cannot be replaced"), (reject.Get(434), reject.Get(58)));
        client.Cancel("C1", "A1", account: "FREE");
        client.Report("C1", '4');
    }

    [Fact]
    public async Task Refuses_a_cancel_whose_clordid_is_used_by_another_live_order()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Order("A2", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');
        client.Report("A2", '0');

        client.Cancel("A2", "A1", account: "FREE");

        var reject = client.WaitFor("9", Patience);
        Assert.Equal(("1", "6"), (reject.Get(434), reject.Get(102)));
        Assert.Equal(2, server.Acceptor.Sessions[0].LiveOrders);
    }
}
