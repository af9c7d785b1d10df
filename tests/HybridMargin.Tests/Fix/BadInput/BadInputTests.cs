using System.Diagnostics;
using System.Globalization;
using HybridMargin.Fix.Configuration;
using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.BadInput.BadInputServer;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>One kind of bad input at a time, each answered as FIX prescribes; the fuzz test mixes them by the thousand.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Ignores_a_message_with_a_wrong_checksum_and_keeps_the_sequence()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        int seq = client.NextSeq;
        byte[] order = RawFix.Frame(RawFix.NewOrder(Fuzz, seq, "BADSUM", FuzzAccount));
        client.SendRaw(RawFix.WithChecksum(order, ((RawFix.Checksum(order) + 1) % 256).ToString("000", CultureInfo.InvariantCulture)));

        // Not answered and not counted: the next message at the same MsgSeqNum is processed.
        Assert.Empty(client.Probe());
        Assert.Equal(seq + 1, client.NextSeq);
        PlaceOrder(client, "GOOD", FuzzAccount);

        Assert.Equal(1, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Single(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-7)]
    [InlineData(1)]
    [InlineData(25)]
    public async Task Ignores_a_message_whose_BodyLength_does_not_match_and_keeps_the_sequence(int delta)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        byte[] order = RawFix.Frame(RawFix.NewOrder(Fuzz, client.NextSeq, "BADLEN", FuzzAccount));
        client.SendRaw(RawFix.WithBodyLength(order, (RawFix.BodyLength(order) + delta).ToString(CultureInfo.InvariantCulture)));

        Assert.Empty(client.Probe());
        PlaceOrder(client, "GOOD", FuzzAccount);

        Assert.Equal(1, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Single(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData("\u0000\u00ff\u0001garbage=1\u0001")]
    [InlineData("10=123\u0001")]
    [InlineData("8=JUNK\u00019=12\u0001")]
    [InlineData("junk 8=")]
    [InlineData("8=FIX.4.4\u00019=5\u000135=0")]
    public async Task Ignores_garbage_between_messages_and_keeps_the_sequence(string garbage)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        client.SendRaw([.. garbage.Select(c => (byte)c)]);

        Assert.Empty(client.Probe());
        client.SendRaw([.. garbage.Select(c => (byte)c)]);
        PlaceOrder(client, "GOOD", FuzzAccount);

        Assert.Equal(1, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Ignores_a_message_whose_MsgType_is_not_the_third_field_and_keeps_the_sequence()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        var order = RawFix.NewOrder(Fuzz, client.NextSeq, "OUTOFORDER", FuzzAccount);
        (order[0], order[1]) = (order[1], order[0]);
        client.Send(order);

        // FIX: MsgType not the third tag makes the message garbled (ignored, not counted), like a bad BodyLength.
        Assert.Empty(client.Probe());
        PlaceOrder(client, "GOOD", FuzzAccount);

        Assert.Equal(1, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Rejects_a_duplicate_tag_with_reason_13_and_consumes_the_sequence()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        int seq = client.NextSeq++;
        var order = RawFix.NewOrder(Fuzz, seq, "DUP", FuzzAccount);
        order.Add((38, "2"));
        client.Send(order);

        AssertReject(client.Probe(), seq, 13, 38);
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Empty(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Rejects_a_tag_without_a_value_with_reason_4_and_consumes_the_sequence()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        int seq = client.NextSeq++;
        var order = RawFix.NewOrder(Fuzz, seq, "EMPTY", FuzzAccount);
        order[order.FindIndex(f => f.Tag == 44)] = (44, "");
        client.Send(order);

        AssertReject(client.Probe(), seq, 4, 44);
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Empty(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(54)]
    [InlineData(55)]
    [InlineData(38)]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(44)]
    [InlineData(52)]
    public async Task Rejects_an_order_missing_a_required_tag_with_reason_1_and_never_sends_it_to_the_gate(int tag)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        int seq = client.NextSeq++;
        var order = RawFix.NewOrder(Fuzz, seq, "MISSING", FuzzAccount);
        order.RemoveAll(f => f.Tag == tag);
        client.Send(order);

        // The Reject is the only answer: no ExecutionReport, nothing reaches the gate.
        AssertReject(client.Probe(), seq, 1, tag);
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Empty(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData(38, "abc")]
    [InlineData(38, "1e3")]
    [InlineData(38, "1.2.3")]
    [InlineData(38, "+1")]
    [InlineData(44, "9O000")]
    [InlineData(44, "NaN")]
    [InlineData(44, "-")]
    public async Task Rejects_a_non_numeric_quantity_or_price_with_reason_6_and_never_sends_it_to_the_gate(int tag, string value)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        int seq = client.NextSeq++;
        var order = RawFix.NewOrder(Fuzz, seq, "NAN", FuzzAccount);
        order[order.FindIndex(f => f.Tag == tag)] = (tag, value);
        client.Send(order);

        AssertReject(client.Probe(), seq, 6, tag);
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Empty(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData("D", 54, "Z")]
    [InlineData("D", 40, "0")]
    [InlineData("D", 59, "Q")]
    [InlineData("G", 54, "0")]
    [InlineData("G", 40, "x")]
    [InlineData("F", 54, "Z")]
    public async Task Rejects_an_undefined_enum_value_with_reason_5_and_leaves_the_orders_untouched(string msgType, int tag, string value)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        PlaceOrder(client, "ANCHOR", FuzzAccount);
        int seq = client.NextSeq++;
        var message = msgType switch
        {
            "D" => RawFix.NewOrder(Fuzz, seq, "ENUM", FuzzAccount),
            "G" => RawFix.Replace(Fuzz, seq, "ENUM", "ANCHOR", FuzzAccount),
            _ => RawFix.Cancel(Fuzz, seq, "ENUM", "ANCHOR"),
        };
        message[message.FindIndex(f => f.Tag == tag)] = (tag, value);
        client.Send(message);

        AssertReject(client.Probe(), seq, 5, tag);

        // The anchor is still open, unchanged: nothing was cancelled, replaced or added.
        Assert.Equal(1, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Single(sink.Accepted);
        Assert.Empty(sink.Replaced);
        Assert.Empty(sink.Cancelled);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData("ZZ")]
    [InlineData("#")]
    [InlineData("D1")]
    public async Task Rejects_an_invalid_MsgType_with_reason_11(string msgType)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        int seq = client.NextSeq++;
        var order = RawFix.NewOrder(Fuzz, seq, "BADTYPE", FuzzAccount);
        order[0] = (35, msgType);
        client.Send(order);

        AssertReject(client.Probe(), seq, 11, 35);
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Logs_out_and_disconnects_on_a_message_above_the_size_limit(bool wholeMessage)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var steady = new ProbingClient(server, Steady);
        steady.Logon();
        using (var client = new ProbingClient(server, Fuzz))
        {
            client.Logon();
            var order = RawFix.NewOrder(Fuzz, client.NextSeq, "HUGE", FuzzAccount);
            order.Add((58, new string('x', Limits.MaxMessageBytes)));
            byte[] huge = RawFix.Frame(order);
            client.SendRaw(wholeMessage ? huge : huge[..40]);

            AssertLogout(client.UntilClosed(ProbingClient.Patience));
        }

        // The other session carries on, and the session logs on again.
        PlaceOrder(steady, "S1", SteadyAccount);
        using var again = Reconnect(server, Fuzz);
        Assert.Empty(again.Probe());
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData("FIX.4.2")]
    [InlineData("FIXT.1.1")]
    public async Task Logs_out_and_disconnects_on_a_wrong_BeginString(string beginString)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using (var client = new ProbingClient(server, Fuzz))
        {
            client.Logon();
            string framed = FixTestClient.Frame(RawFix.Body(RawFix.NewOrder(Fuzz, client.NextSeq, "WRONGVERSION", FuzzAccount)));
            client.SendRaw(RawFix.Ascii(framed.Replace("8=FIX.4.4", "8=" + beginString, StringComparison.Ordinal)));

            AssertLogout(client.UntilClosed(ProbingClient.Patience));
        }

        using var again = Reconnect(server, Fuzz);
        Assert.Empty(again.Probe());
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Disconnects_without_an_answer_when_the_first_message_is_not_a_Logon()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Send(RawFix.NewOrder(Fuzz, 1, "NOLOGON", FuzzAccount));

        Assert.Empty(client.UntilClosed(ProbingClient.Patience));
        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Disconnects_without_an_answer_on_unknown_CompIDs()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var stranger = new ProbingClient(server, "STRANGER");
        stranger.Send(RawFix.Message("A", "STRANGER", "HM", 1, (98, "0"), (108, "30"), (141, "Y")));
        Assert.Empty(stranger.UntilClosed(ProbingClient.Patience));

        using var wrongTarget = new ProbingClient(server, Fuzz, "NOTHM");
        wrongTarget.Send(RawFix.Message("A", Fuzz, "NOTHM", 1, (98, "0"), (108, "30"), (141, "Y")));
        Assert.Empty(wrongTarget.UntilClosed(ProbingClient.Patience));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Disconnects_without_an_answer_on_a_wrong_or_missing_password()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using (var wrong = new ProbingClient(server, Secure))
        {
            wrong.Send(RawFix.Message("A", Secure, "HM", 1, (98, "0"), (108, "30"), (141, "Y"), (554, "guess")));
            Assert.Empty(wrong.UntilClosed(ProbingClient.Patience));
        }

        using (var missing = new ProbingClient(server, Secure))
        {
            missing.Send(RawFix.Message("A", Secure, "HM", 1, (98, "0"), (108, "30"), (141, "Y")));
            Assert.Empty(missing.UntilClosed(ProbingClient.Patience));
        }

        WaitDetached(server, Secure);
        using var right = new ProbingClient(server, Secure);
        right.Logon(password: Password);
        Assert.Empty(right.Probe());
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Closes_a_connection_that_never_logs_on_after_the_logon_timeout()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink, QuickLogonTimeout);
        var clock = Stopwatch.StartNew();
        using var silent = new ProbingClient(server, Fuzz);
        using var babbling = new ProbingClient(server, Fuzz);
        for (int i = 0; i < 5; i++)
        {
            babbling.SendRaw(RawFix.Ascii("garbage that is never a message "));
            Thread.Sleep(100);
        }

        Assert.Empty(silent.UntilClosed(TimeSpan.FromSeconds(QuickLogonTimeout.LogonTimeoutSeconds + 2)));
        Assert.Empty(babbling.UntilClosed(TimeSpan.FromSeconds(1)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(QuickLogonTimeout.LogonTimeoutSeconds * 0.9), TimeSpan.FromSeconds(QuickLogonTimeout.LogonTimeoutSeconds + 2));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Closes_connections_above_MaxConnections_at_once()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink, Limits with { MaxConnections = 2, LogonTimeoutSeconds = 30 });
        using var steady = new ProbingClient(server, Steady);
        steady.Logon();
        var idle = new ProbingClient(server, Fuzz);
        WaitUntil(() => server.Acceptor.ActiveConnections == 2, "two connections open");

        using (var third = new ProbingClient(server, Fuzz))
        {
            Assert.Empty(third.UntilClosed(TimeSpan.FromSeconds(1)));
        }

        // The open ones are unaffected; once one goes, a new connection is accepted again.
        PlaceOrder(steady, "S1", SteadyAccount);
        idle.Dispose();
        WaitUntil(() => server.Acceptor.ActiveConnections == 1, "the idle connection closed");
        using var fuzz = new ProbingClient(server, Fuzz);
        fuzz.Logon();
        Assert.Empty(fuzz.Probe());
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Logs_out_on_a_MsgSeqNum_too_low_without_PossDup_and_ignores_a_resend_with_PossDup()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using (var client = new ProbingClient(server, Fuzz))
        {
            client.Logon();
            Assert.Empty(client.Probe());

            // A possible duplicate of an already processed MsgSeqNum is ignored, even an order never seen before.
            var resent = RawFix.NewOrder(Fuzz, 2, "RESENT", FuzzAccount);
            resent.Insert(5, (43, "Y"));
            resent.Insert(6, (122, FixTestClient.Now()));
            client.Send(resent);
            Assert.Empty(client.Probe());

            client.Send(RawFix.NewOrder(Fuzz, 2, "TOOLOW", FuzzAccount));
            AssertLogout(client.UntilClosed(ProbingClient.Patience));
        }

        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Empty(sink.Accepted);
        AssertNoInternalErrors(server);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("0")]
    public async Task Logs_out_on_a_message_without_a_usable_MsgSeqNum(string? msgSeqNum)
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using (var client = new ProbingClient(server, Fuzz))
        {
            client.Logon();
            var order = RawFix.NewOrder(Fuzz, client.NextSeq, "NOSEQ", FuzzAccount);
            int at = order.FindIndex(f => f.Tag == 34);
            if (msgSeqNum is null)
            {
                order.RemoveAt(at);
            }
            else
            {
                order[at] = (34, msgSeqNum);
            }

            // FIX: a missing MsgSeqNum is a serious error that ends the session (also when the field is there but empty).
            client.Send(order);
            AssertLogout(client.UntilClosed(ProbingClient.Patience));
        }

        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Processes_messages_trickled_a_byte_at_a_time_like_whole_ones()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        client.SendTrickled(RawFix.Frame(RawFix.NewOrder(Fuzz, client.NextSeq++, "TRICKLED", FuzzAccount)), pauseEvery: 7);
        var (report, before) = client.Until("8", (11, "TRICKLED"));
        Assert.Empty(before);
        Assert.Equal("0", report.Get(150));

        client.SendTrickled(RawFix.Frame(RawFix.TestRequest(Fuzz, client.NextSeq++, "TRICKLED-TR")), pauseEvery: 3);
        Assert.Empty(client.Until("0", (112, "TRICKLED-TR")).Before);
        client.SendTrickled(RawFix.Frame(RawFix.Heartbeat(Fuzz, client.NextSeq++)), pauseEvery: 5);
        Assert.Empty(client.Probe());

        Assert.Equal(1, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task A_connection_dropped_mid_message_leaves_the_server_and_other_sessions_working()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink);
        using var steady = new ProbingClient(server, Steady);
        steady.Logon();
        using (var client = new ProbingClient(server, Fuzz))
        {
            client.Logon();
            byte[] order = RawFix.Frame(RawFix.NewOrder(Fuzz, client.NextSeq, "HALF", FuzzAccount));
            client.SendRaw(order[..(order.Length - 3)]);
            client.Client.Dispose();
        }

        PlaceOrder(steady, "S1", SteadyAccount);
        using var again = Reconnect(server, Fuzz);
        Assert.Empty(again.Probe());
        PlaceOrder(steady, "S2", SteadyAccount);

        Assert.Equal(0, OpenOrdersAfterStop(server, FuzzAccount));
        Assert.Equal(2, sink.Accepted.Count);
        AssertNoInternalErrors(server);
    }

    [Fact]
    public async Task Throttles_a_session_above_its_message_rate_without_sending_the_excess_to_the_gate()
    {
        var sink = new RecordingSink();
        await using var server = Start(sink, Limits with { MaxMessagesPerSecond = 5 });
        using var client = new ProbingClient(server, Fuzz);
        client.Logon();
        for (int i = 0; i < 20; i++)
        {
            client.Send(RawFix.NewOrder(Fuzz, client.NextSeq++, $"T{i}", FuzzAccount));
        }

        var answers = client.Probe();
        client.Client.Drain(TimeSpan.FromMilliseconds(200));
        answers.AddRange(client.TakeRest());
        int accepted = answers.Count(m => m.Type == "8" && m.Get(150) == "0");
        int throttled = answers.Count(m => m.Type == "j" && m.Get(380) == "8");
        Assert.True(accepted + throttled == 20, string.Join(" || ", answers));
        Assert.InRange(accepted, 1, 6);
        Assert.Equal(accepted, OpenOrdersAfterStop(server, FuzzAccount));
        AssertNoInternalErrors(server);
    }

    [Fact]
    public void Limits_are_configuration_with_safe_defaults()
    {
        var defaults = FixSettingsLoader.Parse("""{ "storeDirectory": "s", "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }""").Limits;
        Assert.Equal(new FixLimits(), defaults);
        Assert.InRange(defaults.MaxMessageBytes, 1024, 65536);
        Assert.InRange(defaults.MaxConnections, 1, 1024);
        Assert.InRange(defaults.MaxMessagesPerSecond, 1, 100_000);
        Assert.InRange(defaults.LogonTimeoutSeconds, 1, 60);

        var configured = FixSettingsLoader.Parse("""
            { "storeDirectory": "s", "limits": { "maxMessageBytes": 4096, "maxConnections": 3, "maxMessagesPerSecond": 50, "logonTimeoutSeconds": 2 },
              "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }
            """).Limits;
        Assert.Equal(new FixLimits { MaxMessageBytes = 4096, MaxConnections = 3, MaxMessagesPerSecond = 50, LogonTimeoutSeconds = 2 }, configured);
        Assert.Throws<FixConfigurationException>(() => FixSettingsLoader.Parse("""
            { "storeDirectory": "s", "limits": { "logonTimeoutSeconds": 0 }, "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }
            """));
    }
}
