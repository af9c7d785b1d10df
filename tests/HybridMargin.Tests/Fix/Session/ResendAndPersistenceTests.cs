using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class ResendAndPersistenceTests : IDisposable
{
    private static readonly int[] VolatileTags = [9, 10, 43, 52, 97, 122];

    private readonly string _store = NewStoreDirectory();

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    [Fact]
    public async Task Resends_application_messages_with_poss_dup_and_gap_fills_admin_messages()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        var first = client.Report("A1", '0');
        client.Sync();
        client.Order("A2", "FREE", Perp, '2', 2, 90000);
        var second = client.Report("A2", '0');
        Assert.Equal(("2", "4"), (first.Get(34), second.Get(34)));

        client.Send("2", (7, "1"), (16, "0"));

        var fillLogon = client.WaitFor("4", Patience, (34, "1"));
        Assert.Equal(("Y", "Y", "2"), (fillLogon.Get(123), fillLogon.Get(43), fillLogon.Get(36)));
        AssertResent(first, client.WaitFor("8", Patience, (34, "2")));
        var fillHeartbeat = client.WaitFor("4", Patience, (34, "3"));
        Assert.Equal(("Y", "4"), (fillHeartbeat.Get(123), fillHeartbeat.Get(36)));
        AssertResent(second, client.WaitFor("8", Patience, (34, "4")));
        client.Sync("AFTER-RESEND");
        Assert.Equal(2, client.Received.Count(m => m.Type == "4"));
        Assert.Equal(4, client.Received.Count(m => m.Type == "8"));
        Assert.Equal(6, server.Acceptor.Sessions[0].NextSenderSeq);
    }

    [Fact]
    public async Task Resends_only_the_range_asked_for_and_gap_fills_trailing_admin_messages()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        var report = client.Report("A1", '0');
        client.Sync("S1");
        client.Sync("S2");

        client.Send("2", (7, "2"), (16, "3"));

        AssertResent(report, client.WaitFor("8", Patience, (34, "2")));
        var fill = client.WaitFor("4", Patience, (34, "3"));
        Assert.Equal(("Y", "4"), (fill.Get(123), fill.Get(36)));
        client.Sync("AFTER-RESEND");
        Assert.DoesNotContain(client.Received, m => m.Type == "4" && m.Get(34) != "3");
    }

    [Fact]
    public async Task A_restarted_acceptor_continues_the_session_from_its_store()
    {
        int clientNext;
        FixReceived before;
        await using (var server = Start(store: _store))
        {
            using var client = LoggedOn(server);
            client.Order("A1", "FREE", Perp, '1', 1, 90000);
            before = client.Report("A1", '0');
            Assert.Equal("2", before.Get(34));
            await server.DisposeAsync();
            var logout = client.WaitFor("5", Patience);
            Assert.Equal("3", logout.Get(34));
            Assert.Equal("server shutting down", logout.Get(58));
            clientNext = client.NextSeq;
        }

        await using var restarted = Start(store: _store);
        Assert.Equal(4, restarted.Acceptor.Sessions[0].NextSenderSeq);
        Assert.Equal(clientNext, restarted.Acceptor.Sessions[0].NextTargetSeq);
        using var again = restarted.Connect();
        again.NextSeq = clientNext;

        var logon = again.Logon(reset: false);
        Assert.Equal("4", logon.Get(34));
        Assert.Null(logon.Get(141));
        again.Order("A2", "FREE", Perp, '1', 1, 90000);
        var after = again.Report("A2", '0');
        Assert.Equal("5", after.Get(34));
        Assert.NotEqual(before.Get(37), after.Get(37));
        Assert.NotEqual(before.Get(17), after.Get(17));

        again.Send("2", (7, "2"), (16, "2"));
        AssertResent(before, again.WaitFor("8", Patience, (34, "2")));
        again.Sync();
        Assert.DoesNotContain(again.Received, m => m.Type is "2" or "3" or "5");
    }

    [Fact]
    public async Task A_logon_above_the_expected_sequence_number_is_accepted_and_followed_by_a_resend_request()
    {
        await using (var server = Start(store: _store))
        {
            using var client = LoggedOn(server);
            client.Sync();
        }

        await using var restarted = Start(store: _store);
        using var again = restarted.Connect();
        again.NextSeq = 7;

        var logon = again.Logon(reset: false);

        Assert.Equal("A", logon.Type);
        var resend = again.WaitFor("2", Patience);
        Assert.Equal(("3", "0"), (resend.Get(7), resend.Get(16)));
    }

    [Fact]
    public async Task Logs_out_a_logon_below_the_expected_sequence_number()
    {
        await using (var server = Start(store: _store))
        {
            using var client = LoggedOn(server);
            client.Sync();
            client.Sync();
        }

        await using var restarted = Start(store: _store);
        using var again = restarted.Connect();
        again.NextSeq = 2;
        again.Send("A", (98, "0"), (108, "30"));

        var logout = again.WaitFor("5", Patience);
        Assert.Equal("MsgSeqNum too low, expecting 4 but received 2", logout.Get(58));
        Assert.True(again.WaitForDisconnect(Patience), "the connection stayed open");
        Assert.DoesNotContain(again.Received, m => m.Type == "A");
    }

    /// <summary>A resent message: the original's MsgSeqNum and body, PossDupFlag=Y, OrigSendingTime = the original SendingTime.</summary>
    private static void AssertResent(FixReceived original, FixReceived resent)
    {
        Assert.Equal("Y", resent.Get(43));
        Assert.Equal(original.Get(52), resent.Get(122));
        Assert.Equal(original.Get(34), resent.Get(34));
        Assert.Equal(
            original.Fields.Where(f => !VolatileTags.Contains(f.Tag)).OrderBy(f => f.Tag),
            resent.Fields.Where(f => !VolatileTags.Contains(f.Tag)).OrderBy(f => f.Tag));
    }
}
