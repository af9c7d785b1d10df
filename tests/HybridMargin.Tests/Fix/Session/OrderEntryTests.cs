using HybridMargin.Fix.Configuration;
using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class OrderEntryTests
{
    [Fact]
    public async Task Acknowledges_an_accepted_order_with_a_new_execution_report()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("A1", "FREE", Perp, '1', 2, 90100);

        var report = client.Report("A1", '0');
        Assert.Equal("0", report.Get(39));
        Assert.True(long.TryParse(report.Get(37), out _), report.Text);
        Assert.False(string.IsNullOrEmpty(report.Get(17)));
        Assert.Equal(2, report.Num(151));
        Assert.Equal(0, report.Num(14));
        Assert.Equal(2, report.Num(38));
        Assert.Equal(90100, report.Num(44));
        Assert.Equal(("FREE", Perp, "1", "2"), (report.Get(1), report.Get(55), report.Get(54), report.Get(40)));
        Assert.Equal(1, server.Acceptor.Sessions[0].LiveOrders);
    }

    [Fact]
    public async Task Gives_each_order_its_own_order_id_and_exec_id()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("A1", "FREE", Perp, '1', 1, 90000);
        client.Order("A2", "FREE", Perp, '2', 1, 90000);

        var first = client.Report("A1", '0');
        var second = client.Report("A2", '0');
        Assert.NotEqual(first.Get(37), second.Get(37));
        Assert.NotEqual(first.Get(17), second.Get(17));
    }

    [Theory]
    [InlineData("LIMITED", Perp, 11, 90000, "3", "OrderTooLarge: value=11, limit=10")]
    [InlineData("LIMITED", Perp, 6, 90000, "3", "PositionLimit: value=6, limit=5")]
    [InlineData("FREE", Perp, 1, 99000, "16", "PriceOutOfBand: value=0.1")]
    [InlineData("FREE", Perp, 0, 90000, "13", "InvalidOrder")]
    [InlineData("FREE", "BTC-20NOV26-90000-C", 1, 100, "99", "InvalidOrder")]
    [InlineData("POOR", Perp, 2, 90000, "99", "InsufficientMargin: required=")]
    public async Task Rejects_an_order_the_gate_refuses_with_the_reason_code_and_text(string account, string symbol, double quantity, double price, string ordRejReason, string text)
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("R1", account, symbol, '1', quantity, price);

        var report = client.Report("R1", '8');
        Assert.Equal("8", report.Get(39));
        Assert.Equal(ordRejReason, report.Get(103));
        Assert.StartsWith(text, report.Get(58), StringComparison.Ordinal);
        Assert.True(long.TryParse(report.Get(37), out _), report.Text);
        Assert.Equal(0, report.Num(151));
        Assert.Equal(0, server.Acceptor.Sessions[0].LiveOrders);
    }

    [Fact]
    public async Task A_margin_reject_names_the_required_and_available_amounts_and_the_underlying()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("M1", "POOR", Perp, '1', 2, 90000);

        string text = client.Report("M1", '8').Get(58)!;
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^InsufficientMargin: required=([0-9.]+), available=([0-9.]+), underlying=BTC$");
        Assert.True(match.Success, text);
        Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public async Task Sends_ord_rej_reason_99_for_a_price_band_reject_when_keeping_to_fix_44_values()
    {
        await using var server = Start(Client1Session(fix44Enums: true));
        using var client = LoggedOn(server);

        client.Order("B1", "FREE", Perp, '1', 1, 99000);

        var report = client.Report("B1", '8');
        Assert.Equal("99", report.Get(103));
        Assert.StartsWith("PriceOutOfBand:", report.Get(58), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_an_order_above_the_accounts_open_order_limit()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("L1", "LIMITED", Perp, '1', 1, 90000);
        client.Order("L2", "LIMITED", Perp, '1', 1, 90000);
        client.Report("L1", '0');
        client.Report("L2", '0');

        client.Order("L3", "LIMITED", Perp, '1', 1, 90000);

        var report = client.Report("L3", '8');
        Assert.Equal("99", report.Get(103));
        Assert.Equal("TooManyOrders: value=2, limit=2", report.Get(58));
    }

    [Fact]
    public async Task Rejects_an_order_above_the_accounts_order_rate()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        // Sent together so both reach the gate within the same second.
        var both = FixTestClient.Build("D", client.Sender, client.Target, client.NextSeq++, OrderFields("S1", "SLOW"))
            + FixTestClient.Build("D", client.Sender, client.Target, client.NextSeq++, OrderFields("S2", "SLOW"));
        client.SendRaw(both);

        client.Report("S1", '0');
        var report = client.Report("S2", '8');
        Assert.StartsWith("Throttled:", report.Get(58), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_an_order_of_a_disabled_account()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        Assert.True(server.Gate.KillSwitch(server.Gate.Engine.FindAccount("FREE"), disabled: true));

        client.Order("K1", "FREE", Perp, '1', 1, 90000);

        var report = client.Report("K1", '8');
        Assert.Equal(("99", "AccountDisabled"), (report.Get(103), report.Get(58)));
    }

    [Fact]
    public async Task Rejects_an_order_that_adds_to_the_position_of_an_account_in_liquidation()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("Z1", "DEFICIT", Perp, '2', 1, 90000);
        client.Order("Z2", "DEFICIT", Perp, '1', 1, 90000);

        var report = client.Report("Z1", '8');
        Assert.Equal(("99", "ReduceOnly"), (report.Get(103), report.Get(58)));
        client.Report("Z2", '0');
    }

    [Fact]
    public async Task Rejects_a_risk_increasing_order_while_no_fresh_risk_snapshot_exists()
    {
        var options = new HybridMargin.Gate.GateOptions
        {
            ReplyOnRiskThread = true,
            WaitStrategy = HybridMargin.Gate.WaitStrategyKind.Blocking,
            Engine = new HybridMargin.Engine.RiskEngineOptions { MaxSnapshotAgeNanos = 1_000_000_000 },
        };
        await using var server = Start(gateOptions: options);
        using var client = LoggedOn(server);

        client.Order("S1", "FREE", Perp, '1', 1, 90000);

        var report = client.Report("S1", '8');
        Assert.Equal("99", report.Get(103));
        Assert.StartsWith("StaleRisk: value=", report.Get(58), StringComparison.Ordinal);
        Assert.True(report.Get(58)!.All(c => c is >= ' ' and <= '~'), report.Get(58));
    }

    [Fact]
    public async Task Rejects_an_unknown_account_with_ord_rej_reason_15()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("U1", "NOBODY", Perp, '1', 1, 90000);

        var report = client.Report("U1", '8');
        Assert.Equal(("8", "15", "NONE"), (report.Get(39), report.Get(103), report.Get(37)));
        Assert.Equal("UnknownAccount: NOBODY", report.Get(58));
    }

    [Fact]
    public async Task Rejects_an_unknown_symbol_with_ord_rej_reason_1()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Order("U2", "FREE", "DOGE-PERP", '1', 1, 1);

        var report = client.Report("U2", '8');
        Assert.Equal(("1", "UnknownInstrument: DOGE-PERP"), (report.Get(103), report.Get(58)));
    }

    [Fact]
    public async Task Rejects_an_account_the_session_may_not_trade_before_it_reaches_the_gate()
    {
        await using var server = Start(Client1Session(accounts: ["FREE", "POOR"]));
        using var client = LoggedOn(server);

        client.Order("P1", "OTHER", Perp, '1', 1, 90000);
        client.Order("P2", "FREE", Perp, '1', 1, 90000);

        var report = client.Report("P1", '8');
        Assert.Equal(("15", "NONE"), (report.Get(103), report.Get(37)));
        Assert.Equal("UnknownAccount: account OTHER is not permitted on session HM->CLIENT1", report.Get(58));
        client.Report("P2", '0');
        server.Gate.Stop();
        Assert.Equal(0, server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount("OTHER")));
        Assert.Equal(1, server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount("FREE")));
    }

    [Fact]
    public async Task Takes_the_only_permitted_account_when_the_order_names_none()
    {
        await using var server = Start(Client1Session(accounts: ["POOR"]));
        using var client = LoggedOn(server);

        client.Send("D", (11, "N1"), (55, Perp), (54, "1"), (38, "1"), (40, "2"), (44, "90000"), (60, FixTestClient.Now()));

        var report = client.Report("N1", '0');
        Assert.Equal("POOR", report.Get(1));
    }

    [Fact]
    public async Task Rejects_an_order_without_an_account_on_a_session_that_trades_several()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("D", (11, "N2"), (55, Perp), (54, "1"), (38, "1"), (40, "2"), (44, "90000"), (60, FixTestClient.Now()));

        var report = client.Report("N2", '8');
        Assert.Equal("15", report.Get(103));
        Assert.StartsWith("UnknownAccount: Account (1) is required", report.Get(58), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_clordid_already_used_by_a_live_order_with_ord_rej_reason_6()
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        client.Order("D1", "FREE", Perp, '1', 1, 90000);
        client.Report("D1", '0');

        client.Order("D1", "FREE", Perp, '1', 1, 90000);

        var report = client.Report("D1", '8');
        Assert.Equal(("6", "NONE"), (report.Get(103), report.Get(37)));
        Assert.StartsWith("DuplicateOrder", report.Get(58), StringComparison.Ordinal);
        Assert.Equal(1, server.Acceptor.Sessions[0].LiveOrders);
    }

    [Theory]
    [InlineData("40", "3", "OrdType 3 is not supported")]
    [InlineData("59", "2", "TimeInForce 2 is not supported")]
    [InlineData("54", "5", "Side 5 is not supported")]
    public async Task Rejects_a_valid_but_unsupported_order_term_with_ord_rej_reason_11(string tag, string value, string text)
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        var fields = OrderFields("T1", "FREE").Select(f => f.Tag.ToString(System.Globalization.CultureInfo.InvariantCulture) == tag ? (f.Tag, value) : f).ToArray();

        client.Send("D", fields);

        var report = client.Report("T1", '8');
        Assert.Equal("11", report.Get(103));
        Assert.StartsWith(text, report.Get(58), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(38, "lots", "6")]
    [InlineData(40, "Z", "5")]
    [InlineData(54, "Z", "5")]
    [InlineData(44, "cheap", "6")]
    [InlineData(60, "yesterday", "6")]
    public async Task Answers_a_malformed_order_field_with_a_session_reject_naming_the_tag(int tag, string value, string reason)
    {
        await using var server = Start();
        using var client = LoggedOn(server);
        var fields = OrderFields("T2", "FREE").Select(f => f.Tag == tag ? (f.Tag, value) : f).ToArray();

        client.Send("D", fields);

        var reject = client.WaitFor("3", Patience);
        Assert.Equal((tag.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, "D", "2"), (reject.Get(371), reject.Get(373), reject.Get(372), reject.Get(45)));
        client.Sync();
        Assert.DoesNotContain(client.Received, m => m.Type == "8");
    }

    [Fact]
    public async Task Answers_an_order_missing_a_required_tag_with_a_session_reject()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("D", OrderFields("T3", "FREE").Where(f => f.Tag != 55).ToArray());

        var reject = client.WaitFor("3", Patience);
        Assert.Equal(("55", "1"), (reject.Get(371), reject.Get(373)));
    }

    [Fact]
    public async Task Answers_an_unsupported_application_message_with_a_business_reject()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("AE", (571, "TR1"));

        var reject = client.WaitFor("j", Patience);
        Assert.Equal(("3", "AE", "2"), (reject.Get(380), reject.Get(372), reject.Get(45)));
    }

    [Fact]
    public async Task Answers_an_undefined_message_type_with_a_session_reject()
    {
        await using var server = Start();
        using var client = LoggedOn(server);

        client.Send("ZZ", (58, "hello"));

        var reject = client.WaitFor("3", Patience);
        Assert.Equal(("35", "11", "ZZ"), (reject.Get(371), reject.Get(373), reject.Get(372)));
    }

    [Theory]
    [InlineData(false, "8")]
    [InlineData(true, "0")]
    public async Task Throttles_application_messages_above_the_session_rate_with_a_business_reject(bool fix44Enums, string reason)
    {
        await using var server = Start(Client1Session(fix44Enums: fix44Enums), new FixLimits { MaxMessagesPerSecond = 1 });
        using var client = LoggedOn(server);

        // One write of ten orders: at one message a second, at most the first ones can pass.
        string burst = string.Concat(Enumerable.Range(1, 10).Select(i => FixTestClient.Build("D", client.Sender, client.Target, client.NextSeq++, OrderFields($"Q{i}", "FREE"))));
        client.SendRaw(burst);

        var reject = client.WaitFor("j", Patience);
        Assert.Equal(reason, reject.Get(380));
        Assert.Equal("D", reject.Get(372));
        Assert.StartsWith("throttled", reject.Get(58), StringComparison.Ordinal);
        client.Report("Q1", '0');
        client.Sync();
        Assert.True(client.Received.Count(m => m.Type == "j") >= 5, "most of the burst was let through");
    }

    private static (int Tag, string Value)[] OrderFields(string clOrdId, string account) =>
        [(1, account), (11, clOrdId), (55, Perp), (54, "1"), (38, "1"), (40, "2"), (44, "90000"), (59, "0"), (60, FixTestClient.Now())];
}
