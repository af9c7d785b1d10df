using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class AcceptorShutdownTests
{
    [Fact]
    public async Task Stopping_logs_out_every_logged_on_client_and_closes_their_connections()
    {
        var server = Start();
        using var client = LoggedOn(server);

        await server.Acceptor.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("server shutting down", client.WaitFor("5", Patience).Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
        Assert.Equal(0, server.Acceptor.ActiveConnections);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_decision_the_gate_delivers_after_the_acceptor_stopped_is_dropped_safely()
    {
        var server = Start();
        using var stall = new StalledGate(server.Gate);
        using (var client = LoggedOn(server))
        {
            stall.Hold();
            client.Order("A1", "FREE", Perp, '1', 1, 90000);
            Eventually(() => server.Acceptor.Sessions[0].LiveOrders == 1, "the order is with the gate");
            await server.Acceptor.StopAsync(TimeSpan.FromSeconds(1));
        }

        // The session and its store are closed; the gate still holds the order and now decides it.
        stall.Release();

        Assert.True(server.Gate.Stop(), $"the gate failed: {server.Gate.Fault}");
        Assert.Null(server.Gate.Fault);
        Assert.Equal(1, server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount("FREE")));
        await server.DisposeAsync();
    }
}
