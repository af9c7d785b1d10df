using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class CancelOnDisconnectTests
{
    [Fact]
    public async Task Cancels_the_open_orders_in_the_gate_when_the_connection_drops()
    {
        await using var server = Start(Client1Session(cancelOnDisconnect: true));
        using (var client = LoggedOn(server))
        {
            client.Order("A1", "POOR", Perp, '1', 1, 90000);
            client.Order("A2", "FREE", Perp, '2', 1, 90000);
            client.Report("A1", '0');
            client.Report("A2", '0');
        }

        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the open orders are cancelled");
        server.Gate.Stop();
        var engine = server.Gate.Engine;
        Assert.Equal(0, engine.OpenOrderCount(engine.FindAccount("POOR")));
        Assert.Equal(0, engine.OpenOrderCount(engine.FindAccount("FREE")));
    }

    [Fact]
    public async Task Stores_the_disconnect_cancels_so_a_resend_after_reconnect_returns_them()
    {
        await using var server = Start(Client1Session(cancelOnDisconnect: true));
        int clientNext;
        string orderId;
        using (var client = LoggedOn(server))
        {
            client.Order("A1", "POOR", Perp, '1', 1, 90000);
            orderId = client.Report("A1", '0').Get(37)!;
            clientNext = client.NextSeq;
        }

        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0 && server.Acceptor.ActiveConnections == 0, "the open order is cancelled");
        using var again = server.Connect();
        again.NextSeq = clientNext;
        var logon = again.Logon(reset: false);
        Assert.Equal("4", logon.Get(34));

        again.Send("2", (7, "3"), (16, "0"));

        var cancelled = again.WaitFor("8", Patience, (34, "3"));
        Assert.Equal(("Y", "4", "4", "A1", orderId), (cancelled.Get(43), cancelled.Get(150), cancelled.Get(39), cancelled.Get(11), cancelled.Get(37)));
        Assert.Equal("cancelled on disconnect", cancelled.Get(58));
        Assert.False(string.IsNullOrEmpty(cancelled.Get(122)));
        var fill = again.WaitFor("4", Patience, (34, "4"));
        Assert.Equal(("Y", "5"), (fill.Get(123), fill.Get(36)));

        // The margin the order held is free again.
        again.Order("A2", "POOR", Perp, '1', 1, 90000);
        again.Report("A2", '0');
    }

    [Fact]
    public async Task Keeps_the_open_orders_when_the_session_does_not_cancel_on_disconnect()
    {
        await using var server = Start(Client1Session(cancelOnDisconnect: false));
        int clientNext;
        using (var client = LoggedOn(server))
        {
            client.Order("A1", "POOR", Perp, '1', 1, 90000);
            client.Report("A1", '0');
            clientNext = client.NextSeq;
        }

        Eventually(() => server.Acceptor.ActiveConnections == 0 && !server.Acceptor.Sessions[0].IsLoggedOn, "the connection is gone");
        Assert.Equal(1, server.Acceptor.Sessions[0].LiveOrders);
        using var again = server.Connect();
        again.NextSeq = clientNext;
        again.Logon(reset: false);
        again.Cancel("C1", "A1");
        again.Report("C1", '4');
    }

    [Fact]
    public async Task Cancels_an_order_the_gate_accepts_only_after_the_connection_dropped()
    {
        await using var server = Start(Client1Session(cancelOnDisconnect: true));
        using var stall = new StalledGate(server.Gate);
        using (var client = LoggedOn(server))
        {
            stall.Hold();
            client.Order("A1", "POOR", Perp, '1', 1, 90000);

            // The session's read loop waits for this order's decision: the order is pending in the session.
            Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 1, "the order is with the gate");
        }

        // The socket is closed while the gate still holds the order; the decision comes afterwards.
        stall.Release();

        Eventually(() => server.Acceptor.ActiveConnections == 0 && !server.Acceptor.Sessions[0].IsLoggedOn, "the connection is gone");
        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the order accepted after the disconnect is cancelled");
        server.Gate.Stop();
        Assert.Equal(0, server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount("POOR")));
    }

    [Fact]
    public async Task Cancels_an_order_whose_replace_the_gate_answers_only_after_the_connection_dropped()
    {
        await using var server = Start(Client1Session(cancelOnDisconnect: true));
        using var stall = new StalledGate(server.Gate);
        using (var client = LoggedOn(server))
        {
            client.Order("A1", "POOR", Perp, '1', 1, 90000);
            client.Report("A1", '0');
            stall.Hold();
            client.Replace("R1", "A1", 0.5, 90000);
            client.Sync();
        }

        Eventually(() => server.Acceptor.ActiveConnections == 0 && !server.Acceptor.Sessions[0].IsLoggedOn, "the connection is gone");
        stall.Release();

        Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 0, "the replaced order is cancelled");
        server.Gate.Stop();
        Assert.Equal(0, server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount("POOR")));
    }
}
