using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class SequenceNumberTests
{
    [Fact]
    public async Task Answers_a_sequence_gap_with_a_resend_request_and_does_not_act_on_the_early_message()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.SendAt(5, "1", (112, "EARLY"));

        var resend = client.WaitFor("2", Patience);
        Assert.Equal("2", resend.Get(7));
        Assert.Equal("0", resend.Get(16));
        Assert.Equal("2", resend.Get(34));
        client.Drain(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(client.Received, m => m.Type == "0" && m.Get(112) == "EARLY");
        Assert.Equal(2, server.Acceptor.Sessions[0].NextTargetSeq);
    }

    [Fact]
    public async Task A_gap_fill_and_the_resent_message_bring_the_session_back_in_sequence()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.SendAt(5, "1", (112, "EARLY"));
        client.WaitFor("2", Patience, (7, "2"));

        client.SendPossDup(2, "4", (123, "Y"), (36, "5"));
        client.SendPossDup(5, "1", (112, "EARLY"));

        var heartbeat = client.WaitFor("0", Patience, (112, "EARLY"));
        Assert.Equal("3", heartbeat.Get(34));
        Assert.Equal(6, server.Acceptor.Sessions[0].NextTargetSeq);
        client.NextSeq = 6;
        client.Sync();
        Assert.DoesNotContain(client.Received, m => m.Type is "3" or "5");
    }

    [Fact]
    public async Task A_sequence_reset_moves_the_expected_sequence_number_forward()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.SendAt(2, "4", (36, "20"));
        client.NextSeq = 20;
        client.Sync("AFTER-RESET");

        Assert.Equal(21, server.Acceptor.Sessions[0].NextTargetSeq);
        Assert.DoesNotContain(client.Received, m => m.Type is "2" or "3" or "5");
    }

    [Fact]
    public async Task Rejects_a_sequence_reset_that_would_move_the_expected_sequence_number_back()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Sync();
        client.Sync();

        client.Send("4", (36, "2"));

        var reject = client.WaitFor("3", Patience);
        Assert.Equal("36", reject.Get(371));
        Assert.Equal("5", reject.Get(373));
        Assert.Equal(4, server.Acceptor.Sessions[0].NextTargetSeq);
    }

    [Fact]
    public async Task Logs_out_a_message_whose_sequence_number_is_too_low_without_poss_dup()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Sync();

        client.SendAt(2, "1", (112, "AGAIN"));

        var logout = client.WaitFor("5", Patience);
        Assert.Equal("MsgSeqNum too low, expecting 3 but received 2", logout.Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
        Assert.DoesNotContain(client.Received, m => m.Type == "0" && m.Get(112) == "AGAIN");
    }

    [Fact]
    public async Task Ignores_a_poss_dup_message_below_the_expected_sequence_number()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');

        client.SendPossDup(2, "D", (1, "FREE"), (11, "A1"), (55, Perp), (54, "1"), (38, "1"), (40, "2"), (44, "90000"), (60, FixTestClient.Now()));
        client.Sync();
        client.Drain(TimeSpan.FromMilliseconds(300));

        Assert.Single(client.Received, m => m.Type == "8");
        Assert.DoesNotContain(client.Received, m => m.Type is "3" or "5" or "j");
        Assert.Equal(1, server.Acceptor.Sessions[0].LiveOrders);
    }

    [Fact]
    public async Task Rejects_a_poss_dup_message_in_sequence_without_orig_sending_time()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("1", (43, "Y"), (112, "NO-ORIG"));

        var reject = client.WaitFor("3", Patience);
        Assert.Equal("122", reject.Get(371));
        Assert.Equal("1", reject.Get(373));
        Assert.Equal("2", reject.Get(45));
    }

    [Fact]
    public async Task A_logon_with_reset_starts_both_sides_at_one_again()
    {
        await using var server = Start();
        using (var client = LoggedOn(server))
        {
            client.Sync();
            client.Send("5");
            client.WaitFor("5", Patience);
            Assert.True(client.WaitForDisconnect(Patience));
        }

        Eventually(() => !server.Acceptor.Sessions[0].IsLoggedOn && server.Acceptor.ActiveConnections == 0, "the first connection is gone");
        using var again = server.Connect();
        var logon = again.Logon(reset: true);

        Assert.Equal("1", logon.Get(34));
        Assert.Equal(2, server.Acceptor.Sessions[0].NextTargetSeq);
    }
}
