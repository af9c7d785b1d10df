using System.Text;
using HybridMargin.Fix.Configuration;
using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class ProtocolErrorTests
{
    [Fact]
    public async Task Rejects_and_logs_out_a_message_with_other_comp_ids_after_logon()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.SendRaw(FixTestClient.Build("1", "INTRUDER", "HM", client.NextSeq++, (112, "X")));

        var reject = client.WaitFor("3", Patience);
        Assert.Equal(("9", "49"), (reject.Get(373), reject.Get(371)));
        Assert.Equal("CompID problem", client.WaitFor("5", Patience).Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
    }

    [Fact]
    public async Task Ignores_a_garbled_message_without_counting_its_sequence_number()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        string good = FixTestClient.Build("1", client.Sender, client.Target, 2, (112, "BAD-SUM"));
        string garbled = good[..^4] + (good[^4] == '9' ? "0" : "9") + good[^3..];

        client.SendRaw(garbled);
        client.NextSeq = 2;
        client.Sync("AFTER");

        Assert.DoesNotContain(client.Received, m => m.Get(112) == "BAD-SUM");
        Assert.DoesNotContain(client.Received, m => m.Type is "2" or "3" or "5");
        Assert.Equal(3, server.Acceptor.Sessions[0].NextTargetSeq);
    }

    [Fact]
    public async Task Logs_out_and_disconnects_a_message_above_the_size_limit()
    {
        await using var server = Start(limits: new FixLimits { MaxMessageBytes = 512 });
        using var client = LoggedOn(server);

        client.Send("1", (112, new string('X', 1000)));

        var logout = client.WaitFor("5", Patience);
        Assert.Equal("message larger than 512 bytes", logout.Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
    }

    [Fact]
    public async Task Logs_out_a_message_of_another_fix_version()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        string fix44 = FixTestClient.Build("1", client.Sender, client.Target, client.NextSeq++, (112, "OLD"));
        string body = fix44[(fix44.IndexOf("35=", StringComparison.Ordinal))..fix44.LastIndexOf("10=", StringComparison.Ordinal)];
        string head = $"8=FIX.4.2\u00019={Encoding.ASCII.GetByteCount(body)}\u0001";
        int sum = Encoding.ASCII.GetBytes(head + body).Sum(b => b) % 256;

        client.SendRaw($"{head}{body}10={sum:000}\u0001");

        Assert.Equal("BeginString must be FIX.4.4", client.WaitFor("5", Patience).Get(58));
        Assert.True(client.WaitForDisconnect(Patience), "the connection stayed open");
    }

    [Fact]
    public async Task Rejects_a_second_logon_on_a_logged_on_session()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("A", (98, "0"), (108, "30"));

        var reject = client.WaitFor("3", Patience);
        Assert.Equal(("35", "5", "A"), (reject.Get(371), reject.Get(373), reject.Get(372)));
        client.Sync();
    }

    [Fact]
    public async Task Rejects_a_clordid_longer_than_the_limit_with_a_session_reject()
    {
        await using var server = Start(limits: new FixLimits { MaxClOrdIdLength = 8 });
        using var client = LoggedOn(server);

        client.Order("TOO-LONG-ID", "FREE", Perp, '1', 1, 90000);

        var reject = client.WaitFor("3", Patience);
        Assert.Equal(("11", "5"), (reject.Get(371), reject.Get(373)));
        client.Order("SHORT", "FREE", Perp, '1', 1, 90000);
        client.Report("SHORT", '0');
    }

    [Fact]
    public async Task Rejects_an_order_above_the_sessions_live_order_limit()
    {
        await using var server = Start(limits: new FixLimits { MaxLiveOrdersPerSession = 2 });
        using var client = LoggedOn(server);
        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Order("A2", "FREE", Perp, '1', 1, 90000);
        client.Report("A1", '0');
        client.Report("A2", '0');

        client.Order("A3", "FREE", Perp, '1', 1, 90000);

        var report = client.Report("A3", '8');
        Assert.Equal("99", report.Get(103));
        Assert.Equal("TooManyOrders: the session has 2 live orders (limit 2)", report.Get(58));
        client.Cancel("C1", "A1", account: "FREE");
        client.Report("C1", '4');
        client.Order("A4", "FREE", Perp, '1', 1, 90000);
        client.Report("A4", '0');
    }
}
