using HybridMargin.Fix.Configuration;
using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class LogonTests
{
    [Fact]
    public async Task Answers_a_valid_logon_with_a_logon_echoing_the_heartbeat_interval()
    {
        await using var server = Start(Client1Session(password: "secret"));
        using var client = server.Connect();

        var logon = client.Logon(heartbeat: 20, password: "secret");

        Assert.Equal("HM", logon.Get(49));
        Assert.Equal("CLIENT1", logon.Get(56));
        Assert.Equal("1", logon.Get(34));
        Assert.Equal("20", logon.Get(108));
        Assert.Equal("0", logon.Get(98));
        Assert.Equal("Y", logon.Get(141));
        Assert.True(server.Acceptor.Sessions[0].IsLoggedOn);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(null)]
    public async Task Disconnects_a_logon_with_a_wrong_or_missing_password_without_answering(string? password)
    {
        await using var server = Start(Client1Session(password: "secret"));
        using var client = server.Connect();

        client.Send("A", [(98, "0"), (108, "30"), (141, "Y"), .. password is null ? Array.Empty<(int, string)>() : [(554, password)]]);

        Assert.True(client.WaitForDisconnect(Patience), "the acceptor kept the connection open");
        Assert.Empty(client.Received);
        Assert.False(server.Acceptor.Sessions[0].IsLoggedOn);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(61)]
    public async Task Logs_out_a_logon_whose_heartbeat_interval_is_outside_the_sessions_bounds(int heartbeat)
    {
        await using var server = Start(Client1Session(heartbeatMin: 5, heartbeatMax: 60));
        using var client = server.Connect();

        client.Send("A", (98, "0"), (108, heartbeat.ToString(System.Globalization.CultureInfo.InvariantCulture)), (141, "Y"));

        var logout = client.WaitFor("5", Patience);
        Assert.Equal($"HeartBtInt {heartbeat} outside 5..60", logout.Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the acceptor kept the connection open");
        Assert.DoesNotContain(client.Received, m => m.Type == "A");
        Assert.False(server.Acceptor.Sessions[0].IsLoggedOn);
    }

    [Fact]
    public async Task Disconnects_a_second_connection_for_a_session_already_logged_on_and_keeps_the_first()
    {
        await using var server = Start();
        using var first = LoggedOn(server);
        using var second = server.Connect();

        second.Send("A", (98, "0"), (108, "30"));

        Assert.True(second.WaitForDisconnect(Patience), "the second connection was kept");
        Assert.Empty(second.Received);
        first.Sync("STILL-THERE");
        Assert.True(server.Acceptor.Sessions[0].IsLoggedOn);
        Assert.DoesNotContain(first.Received, m => m.Type == "5");
    }

    [Theory]
    [InlineData("STRANGER", "HM")]
    [InlineData("CLIENT1", "NOT-HM")]
    public async Task Disconnects_a_logon_for_comp_ids_no_session_is_configured_for(string sender, string target)
    {
        await using var server = Start();
        using var client = FixTestClient.Connect(server.EndPoint, sender, target);

        client.Send("A", (98, "0"), (108, "30"), (141, "Y"));

        Assert.True(client.WaitForDisconnect(Patience), "the acceptor kept the connection open");
        Assert.Empty(client.Received);
    }

    [Fact]
    public async Task Disconnects_when_the_first_message_is_not_a_logon()
    {
        await using var server = Start();
        using var client = server.Connect();

        client.Send("1", (112, "HELLO"));

        Assert.True(client.WaitForDisconnect(Patience), "the acceptor kept the connection open");
        Assert.Empty(client.Received);
    }

    [Fact]
    public async Task Closes_a_connection_that_does_not_log_on_within_the_logon_timeout()
    {
        await using var server = Start(limits: new FixLimits { LogonTimeoutSeconds = 1 });
        using var client = server.Connect();

        Assert.True(client.WaitForDisconnect(Patience), "the silent connection was kept");
        Assert.Empty(client.Received);
        Eventually(() => server.Acceptor.ActiveConnections == 0, "the connection is no longer counted");
    }

    [Fact]
    public async Task Refuses_connections_above_the_connection_limit_and_takes_them_again_once_one_closes()
    {
        await using var server = Start(limits: new FixLimits { MaxConnections = 1 });
        using (var first = LoggedOn(server))
        {
            using var refused = server.Connect();
            Assert.True(refused.WaitForDisconnect(Patience), "a connection above the limit was kept");
            Assert.Empty(refused.Received);
            first.Sync();
        }

        Eventually(() => server.Acceptor.ActiveConnections == 0, "the first connection is closed");
        using var again = server.Connect();
        var logon = again.Logon();
        Assert.Equal("A", logon.Type);
    }

    [Fact]
    public async Task Logs_out_and_disconnects_when_the_client_logs_out()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("5");

        var logout = client.WaitFor("5", Patience);
        Assert.Equal("2", logout.Get(34));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open after the logout");
        Eventually(() => !server.Acceptor.Sessions[0].IsLoggedOn, "the session is logged off");
    }

    [Fact]
    public async Task A_refused_logon_asking_for_a_reset_leaves_the_sessions_sequence_numbers_and_messages_alone()
    {
        await using var server = Start(Client1Session(heartbeatMin: 5, heartbeatMax: 60));
        var session = server.Acceptor.Sessions[0];
        int clientNext;
        FixReceived report;
        using (var client = server.Connect())
        {
            client.Logon(heartbeat: 30);
            client.Order("A1", "FREE", Perp, '1', 1, 90000);
            report = client.Report("A1", '0');
            clientNext = client.NextSeq;
        }

        Eventually(() => server.Acceptor.ActiveConnections == 0 && !session.IsLoggedOn, "the first connection is gone");
        using (var refused = server.Connect())
        {
            refused.Send("A", (98, "0"), (108, "1"), (141, "Y"));
            Assert.Equal("HeartBtInt 1 outside 5..60", refused.WaitFor("5", Patience).Get(58));
            Assert.True(refused.WaitForDisconnect(Patience), "the refused connection stayed open");
        }

        Eventually(() => server.Acceptor.ActiveConnections == 0, "the refused connection is gone");
        Assert.Equal(clientNext, session.NextTargetSeq);
        using var again = server.Connect();
        again.NextSeq = clientNext;
        again.Logon(heartbeat: 30, reset: false);
        again.Send("2", (7, "2"), (16, "2"));
        var resent = again.WaitFor("8", Patience, (34, "2"));
        Assert.Equal(("Y", report.Get(37)), (resent.Get(43), resent.Get(37)));
    }
}
