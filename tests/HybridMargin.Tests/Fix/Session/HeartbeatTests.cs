using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task Sends_a_heartbeat_unprompted_when_nothing_was_sent_for_the_interval()
    {
        await using var server = Start();
        using var client = LoggedOn(server, heartbeat: 1);

        var heartbeat = client.WaitFor("0", Patience);

        Assert.Null(heartbeat.Get(112));
        Assert.Equal("HM", heartbeat.Get(49));
    }

    [Fact]
    public async Task Sends_a_test_request_when_the_client_is_silent()
    {
        await using var server = Start();
        using var client = LoggedOn(server, heartbeat: 1);

        var testRequest = client.WaitFor("1", Patience);

        Assert.False(string.IsNullOrEmpty(testRequest.Get(112)));
    }

    [Fact]
    public async Task Logs_out_and_disconnects_when_a_test_request_stays_unanswered()
    {
        await using var server = Start();
        using var client = LoggedOn(server, heartbeat: 1);
        client.WaitFor("1", Patience);

        var logout = client.WaitFor("5", Patience);

        Assert.Equal("TestRequest unanswered", logout.Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
        Eventually(() => !server.Acceptor.Sessions[0].IsLoggedOn, "the session is logged off");
    }

    [Fact]
    public async Task A_client_that_answers_test_requests_stays_logged_on()
    {
        await using var server = Start();
        using var client = LoggedOn(server, heartbeat: 1);
        var testRequest = client.WaitFor("1", Patience);
        client.Send("0", (112, testRequest.Get(112)!));

        // Keep talking for several intervals: every heartbeat the acceptor sends is answered with one of ours.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        while (DateTime.UtcNow < until)
        {
            client.Send("0");
            client.Drain(TimeSpan.FromMilliseconds(250));
        }

        client.Sync("STILL-THERE");
        Assert.DoesNotContain(client.Received, m => m.Type == "5");
        Assert.True(server.Acceptor.Sessions[0].IsLoggedOn);
    }

    [Fact]
    public async Task Answers_a_test_request_with_a_heartbeat_carrying_its_id()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("1", (112, "PING-42"));

        var heartbeat = client.WaitFor("0", Patience);
        Assert.Equal("PING-42", heartbeat.Get(112));
        Assert.Equal("2", heartbeat.Get(34));
    }

    [Fact]
    public async Task Rejects_a_test_request_without_an_id()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("1");

        var reject = client.WaitFor("3", Patience);
        Assert.Equal(("112", "1"), (reject.Get(371), reject.Get(373)));
    }
}
