using System.Globalization;
using System.Text;
using System.Xml.Linq;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Fix.Configuration;
using HybridMargin.Gate;
using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Fix.Interop;

/// <summary>
/// Interoperability with a third-party engine (SPEC §8): QuickFIX C++ (Debian's libquickfix-dev) as the initiator,
/// validating everything it receives against the FIX 4.4 data dictionary, scripted through tests/interop/quickfix.
/// QuickFIX must reject none of our messages, and we none of its.
/// </summary>
[Collection(QuickFixInteropCollection.Name)]
public sealed class QuickFixInteropTests
{
    private const int HeartbeatSeconds = 2;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// One order per SPEC §5 reject reason (12) and fail-closed NotEvaluable (SOL's mark is withdrawn), with the
    /// OrdRejReason (103) sent when keeping to FIX 4.4 enums. StaleRisk needs a gate of its own (see the third test).
    /// </summary>
    private static readonly RejectCase[] Rejects =
    [
        new(RejectCode.UnknownAccount, "X-ACCOUNT", "1=NOBODY 55=BTC-PERP 54=1 38=1 40=2 44=90000", 15, "UnknownAccount: NOBODY"),
        new(RejectCode.UnknownInstrument, "X-SYMBOL", $"1={InteropBook.Trader} 55=NOPE-PERP 54=1 38=1 40=2 44=90000", 1, "UnknownInstrument: NOPE-PERP"),
        new(RejectCode.InvalidOrder, "X-QTY", $"1={InteropBook.Trader} 55=BTC-PERP 54=1 38=0 40=2 44=90000", 13, "InvalidOrder"),
        new(RejectCode.DuplicateOrder, "A1", $"1={InteropBook.Trader} 55=BTC-PERP 54=1 38=1 40=2 44=90000", 6, "DuplicateOrder: ClOrdID A1 is already live"),
        new(RejectCode.AccountDisabled, "X-KILLED", $"1={InteropBook.Disabled} 55=BTC-PERP 54=1 38=1 40=2 44=90000", 99, "AccountDisabled"),
        new(RejectCode.ReduceOnly, "X-LIQ", $"1={InteropBook.InLiquidation} 55=BTC-PERP 54=2 38=1 40=2 44=90000", 99, "ReduceOnly"),
        new(RejectCode.OrderTooLarge, "X-SIZE", $"1={InteropBook.Trader} 55=BTC-PERP 54=1 38=11 40=2 44=90000", 3, "OrderTooLarge: value=11, limit=10"),
        new(RejectCode.PositionLimit, "X-POS", $"1={InteropBook.Trader} 55=BTC-PERP 54=2 38=8 40=2 44=90000", 3, "PositionLimit: value=9, limit=8"),
        new(RejectCode.PriceOutOfBand, "X-BAND", $"1={InteropBook.Trader} 55=BTC-PERP 54=1 38=1 40=2 44=100000", 99, "PriceOutOfBand: value=0.1111111111, limit=0.05"),
        new(RejectCode.TooManyOrders, "X-OPEN", $"1={InteropBook.OneOpenOrder} 55=BTC-PERP 54=1 38=1 40=2 44=90000", 99, "TooManyOrders: value=1, limit=1"),
        new(RejectCode.Throttled, "X-RATE", $"1={InteropBook.TwoPerSecond} 55=BTC-PERP 54=1 38=1 40=2 44=90000", 99, "Throttled: value=3, limit=2"),
        new(RejectCode.InsufficientMargin, "X-MARGIN", $"1={InteropBook.Poor} 55=BTC-PERP 54=1 38=5 40=2 44=90000", 99, "InsufficientMargin: required="),
        new(RejectCode.NotEvaluable, "X-NOMARK", $"1={InteropBook.Trader} 55=SOL-PERP 54=1 38=1 40=2 44=140", 99, "NotEvaluable: no usable mark for SOL"),
    ];

    [Fact]
    public async Task QuickFix_validating_against_FIX44_accepts_every_message_of_a_session_of_orders_rejects_cancels_replaces_fills_heartbeats_and_resends()
    {
        string client = await QuickFixClient.BuildAsync();
        string dictionary = QuickFixClient.Fix44Dictionary();
        var book = InteropBook.Create();
        using var work = new WorkDirectory();
        var sink = new HalfFillingVenue(new HashSet<int> { book.FindAccount(InteropBook.Filled) });
        var session = new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"], Fix44Enums = true };
        await using var server = FixServer.Start(book, [session], sink: sink, store: work.Path("acceptor"));
        Assert.True(server.Gate.KillSwitch(book.FindAccount(InteropBook.Disabled), true));
        Assert.True(server.Gate.Mark(book.FindAsset("SOL"), double.NaN));

        string settings = QuickFixClient.WriteSettings(work.Path("client"), server.EndPoint.Port, HeartbeatSeconds, dictionary);
        string scriptText = SessionScript();
        string script = work.Write("session.script", scriptText);
        var run = await QuickFixClient.RunAsync(client, settings, script, ClientTimeout);
        string context = run.Transcript() + "\n--- acceptor log\n" + server.Log;

        // The script ran to its end; QuickFIX refused none of our messages, and we none of QuickFIX's.
        Assert.True(run.ExitCode == 0 && run.Lines.Count > 0 && run.Lines[^1] == "DONE", context);
        Assert.True(run.QuickFixRejects.Count == 0, context);
        Assert.DoesNotContain(run.Sent, m => m.Type is "3" or "j");
        Assert.DoesNotContain(run.Received, m => m.Type == "3" && m.Get(371) != "60");
        Assert.DoesNotContain("client rejected our message", server.Log, StringComparison.Ordinal);

        // Accepted orders: limit and market, on both sides.
        foreach (string id in new[] { "A1", "A2", "A3", "A4", "A5", "F1", "T1", "Q1", "Q2", "G1", "G2" })
        {
            var accepted = run.Execution(id, "0");
            Assert.Equal("0", accepted.Get(39));
            Assert.True(accepted.Has(37) && accepted.Has(17) && accepted.Has(60), accepted.Text);
        }

        var market = run.Execution("A4", "0");
        Assert.Equal(("1", "2", "1", "1", "0"), (market.Get(40), market.Get(54), market.Get(38), market.Get(151), market.Get(14)));
        Assert.False(market.Has(44), market.Text);

        // One reject per SPEC §5 reason (and NotEvaluable), each with its OrdRejReason and a Text naming the reason.
        Assert.Equal(Enumerable.Range((int)RejectCode.UnknownAccount, RejectCode.NotEvaluable - RejectCode.UnknownAccount + 1),
            Rejects.Select(r => (int)r.Reason).Order());
        foreach (var reject in Rejects)
        {
            var report = run.Execution(reject.ClOrdId, "8");
            Assert.Equal("8", report.Get(39));
            Assert.Equal(reject.OrdRejReason.ToString(CultureInfo.InvariantCulture), report.Get(103));
            Assert.StartsWith(reject.Text, report.Get(58), StringComparison.Ordinal);
            Assert.StartsWith(reject.Reason.ToString(), report.Get(58), StringComparison.Ordinal);
            Assert.Equal(("0", "0"), (report.Get(151), report.Get(14)));
        }

        Assert.EndsWith(", underlying=BTC", run.Execution("X-MARGIN", "8").Get(58), StringComparison.Ordinal);

        // The venue half-filled F1 at its limit price: a partial fill in FIX 4.4 terms (150=F, 39=1).
        var fill = run.Execution("F1", "F");
        Assert.Equal(("1", "1", "90000", "1", "1", "90000"), (fill.Get(39), fill.Get(32), fill.Get(31), fill.Get(14), fill.Get(151), fill.Get(6)));

        // Cancel of A2 (ClOrdID C2) and replace of A3 by A3R (quantity 2, price 89600).
        var cancelled = run.Execution("C2", "4");
        Assert.Equal(("A2", "4", "0"), (cancelled.Get(41), cancelled.Get(39), cancelled.Get(151)));
        var replaced = run.Execution("A3R", "5");
        Assert.Equal(("A3", "0", "2", "89600", "2"), (replaced.Get(41), replaced.Get(39), replaced.Get(38), replaced.Get(44), replaced.Get(151)));

        // Refused cancel and replace: OrderCancelReject with the reason, the order unchanged.
        var cancelReject = Assert.Single(run.Originals("9"), m => m.Get(11) == "C9");
        Assert.Equal(("NOPE", "1", "1", "8"), (cancelReject.Get(41), cancelReject.Get(434), cancelReject.Get(102), cancelReject.Get(39)));
        var replaceReject = Assert.Single(run.Originals("9"), m => m.Get(11) == "A1R");
        Assert.Equal(("A1", "2", "99", "0"), (replaceReject.Get(41), replaceReject.Get(434), replaceReject.Get(102), replaceReject.Get(39)));
        Assert.StartsWith("PriceOutOfBand: value=0.1111111111, limit=0.05", replaceReject.Get(58), StringComparison.Ordinal);

        // TestRequest answered; the order without TransactTime refused with a session Reject (required tag missing).
        Assert.Contains(run.Originals("0"), m => m.Get(112) == "T1");
        var sessionReject = Assert.Single(run.Originals("3"));
        Assert.Equal(("60", "1", "D"), (sessionReject.Get(371), sessionReject.Get(373), sessionReject.Get(372)));

        // An application message we do not serve (OrderStatusRequest): BusinessMessageReject, unsupported message type.
        var unsupported = Assert.Single(run.Originals("j"));
        Assert.Equal(("H", "3"), (unsupported.Get(372), unsupported.Get(380)));

        // ResendRequest 1..0 from QuickFIX: our Logon comes back as a GapFill, application messages as PossDup copies.
        Assert.Contains(run.Received, m => m.Type == "4" && m.Get(34) == "1" && m.Get(123) == "Y" && m.Get(43) == "Y");
        var resentA1 = Assert.Single(run.Received, m => m.Type == "8" && m.Get(43) == "Y" && m.Get(11) == "A1" && m.Get(150) == "0");
        Assert.True(resentA1.Has(122), resentA1.Text);
        Assert.Contains(run.Received, m => m.Type == "j" && m.Get(43) == "Y");

        // QuickFIX skipped 5 MsgSeqNums: we asked for a resend, QuickFIX gap-filled and resent G1, both orders answered.
        var resendRequest = Assert.Single(run.Received, m => m.Type == "2");
        Assert.Equal("0", resendRequest.Get(16));
        Assert.Contains(run.Sent, m => m.Type == "4" && m.Get(123) == "Y");
        Assert.Contains(run.Sent, m => m.Type == "D" && m.Get(11) == "G1" && m.Get(43) == "Y");

        // Idle past HeartBtInt: after the script's `clear` (client output "OK <line>") a Heartbeat of ours that answers no TestRequest.
        int clearLine = scriptText.Split('\n').ToList().IndexOf("clear") + 1;
        int idle = run.Lines.ToList().IndexOf(string.Create(CultureInfo.InvariantCulture, $"OK {clearLine}"));
        Assert.True(clearLine > 0 && idle > 0, context);
        Assert.Contains(run.Lines.Skip(idle), l => l.StartsWith("IN ", StringComparison.Ordinal) && QuickFixMessage.Parse(l[3..]) is { Type: "0" } h && !h.Has(112));

        // Logout answered.
        Assert.True(run.Received.Any(m => m.Type == "5") && run.Lines.Contains("LOGOUT"), context);
        work.Succeeded();
    }

    [Fact]
    public async Task With_the_FIX50_enum_values_added_to_the_dictionary_QuickFix_accepts_OrdRejReason_16_and_BusinessRejectReason_8_which_plain_FIX44_refuses()
    {
        string client = await QuickFixClient.BuildAsync();
        string fix44 = QuickFixClient.Fix44Dictionary();
        var book = InteropBook.Create();
        using var work = new WorkDirectory();
        string extended = work.Path("FIX44-with-FIX50-enums.xml");
        WriteDictionaryWithFix50Enums(fix44, extended);

        // Default enums (Fix44Enums=false); a session message rate of 4 per second so that a burst is throttled.
        var session = new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"] };
        await using var server = FixServer.Start(book, [session], new FixLimits { MaxMessagesPerSecond = 4 }, store: work.Path("acceptor"));

        var burst = Enumerable.Range(1, 8).Select(i => $"S{i}").ToArray();
        var script = new StringBuilder();
        script.AppendLine("logon 10");
        script.AppendLine(CultureInfo.InvariantCulture, $"send D 11=B1 1={InteropBook.Trader} 55=BTC-PERP 54=1 38=1 40=2 44=100000 59=0 60=now");
        script.AppendLine("wait 5 8 11=B1 150=8 39=8 103=16");
        script.AppendLine("sleep 1.1");
        foreach (string id in burst)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"send D 11={id} 1={InteropBook.Trader} 55=BTC-PERP 54=1 38=0.5 40=2 44=90000 59=0 60=now");
        }

        script.AppendLine("wait 5 j 372=D 380=8");
        script.AppendLine("sleep 0.5");
        script.AppendLine("logout 10");
        var run = await QuickFixClient.RunAsync(
            client, QuickFixClient.WriteSettings(work.Path("extended"), server.EndPoint.Port, HeartbeatSeconds, extended), work.Write("extended.script", script.ToString()), ClientTimeout);
        string context = run.Transcript() + "\n--- acceptor log\n" + server.Log;

        Assert.True(run.ExitCode == 0 && run.Lines.Count > 0 && run.Lines[^1] == "DONE", context);
        Assert.True(run.QuickFixRejects.Count == 0, context);
        var band = run.Execution("B1", "8");
        Assert.Equal("16", band.Get(103));
        Assert.StartsWith("PriceOutOfBand: value=0.1111111111, limit=0.05", band.Get(58), StringComparison.Ordinal);

        // Every order of the burst is answered: accepted, or throttled at the session (BusinessMessageReject 380=8).
        int accepted = burst.Count(id => run.Originals("8").Any(m => m.Get(11) == id && m.Get(150) == "0"));
        var throttled = run.Originals("j").Where(m => m.Get(380) == "8").ToList();
        Assert.True(accepted >= 1 && throttled.Count >= 1 && accepted + throttled.Count == burst.Length, context);
        Assert.All(throttled, m => Assert.Equal("D", m.Get(372)));

        // Control: the same enums against the plain FIX 4.4 dictionary are refused (value incorrect on tag 103),
        // which is why sessions facing a validating FIX 4.4 engine set Fix44Enums.
        var plainScript = $"""
            logon 10
            send D 11=B2 1={InteropBook.Trader} 55=BTC-PERP 54=1 38=1 40=2 44=100000 59=0 60=now
            sleep 1
            logout 10

            """;
        var plain = await QuickFixClient.RunAsync(
            client, QuickFixClient.WriteSettings(work.Path("plain"), server.EndPoint.Port, HeartbeatSeconds, fix44), work.Write("plain.script", plainScript), ClientTimeout);
        Assert.True(plain.QuickFixRejects.Any(l => l.Contains("|35=3|", StringComparison.Ordinal) && l.Contains("|371=103|", StringComparison.Ordinal)
            && l.Contains("|373=5|", StringComparison.Ordinal)), plain.Transcript());
        work.Succeeded();
    }

    [Fact]
    public async Task QuickFix_accepts_the_fail_closed_StaleRisk_reject_of_a_gate_without_a_risk_snapshot()
    {
        string client = await QuickFixClient.BuildAsync();
        string dictionary = QuickFixClient.Fix44Dictionary();
        using var work = new WorkDirectory();

        // Staleness armed and no background recalculation: no snapshot is ever adopted, risk-increasing orders fail closed.
        var gateOptions = new GateOptions
        {
            ReplyOnRiskThread = true,
            WaitStrategy = WaitStrategyKind.Blocking,
            Engine = new RiskEngineOptions { MaxSnapshotAgeNanos = 1_000_000_000 },
        };
        var session = new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"], Fix44Enums = true };
        await using var server = FixServer.Start(InteropBook.Create(), [session], store: work.Path("acceptor"), gateOptions: gateOptions);
        var script = $"""
            logon 10
            send D 11=S1 1={InteropBook.Trader} 55=BTC-PERP 54=1 38=1 40=2 44=90000 59=0 60=now
            wait 5 8 11=S1 150=8 39=8 103=99
            logout 10

            """;
        var run = await QuickFixClient.RunAsync(
            client, QuickFixClient.WriteSettings(work.Path("client"), server.EndPoint.Port, HeartbeatSeconds, dictionary), work.Write("stale.script", script), ClientTimeout);
        string context = run.Transcript() + "\n--- acceptor log\n" + server.Log;

        Assert.True(run.ExitCode == 0 && run.Lines.Count > 0 && run.Lines[^1] == "DONE", context);
        Assert.True(run.QuickFixRejects.Count == 0, context);
        Assert.StartsWith("StaleRisk: value=", run.Execution("S1", "8").Get(58), StringComparison.Ordinal);
        work.Succeeded();
    }

    /// <summary>FIX44.xml plus OrdRejReason 16 and BusinessRejectReason 8, values that FIX 5.0 defines and FIX 4.4 lacks.</summary>
    private static void WriteDictionaryWithFix50Enums(string source, string destination)
    {
        var document = XDocument.Load(source);
        var fields = document.Root!.Element("fields")!.Elements("field").ToList();
        fields.Single(f => (string?)f.Attribute("number") == "103")
            .Add(new XElement("value", new XAttribute("enum", "16"), new XAttribute("description", "PRICE_EXCEEDS_CURRENT_PRICE_BAND")));
        fields.Single(f => (string?)f.Attribute("number") == "380")
            .Add(new XElement("value", new XAttribute("enum", "8"), new XAttribute("description", "THROTTLE_LIMIT_EXCEEDED")));
        document.Save(destination);
    }

    /// <summary>The script of the FIX 4.4-enum session (tests/interop/quickfix/README.md describes the commands).</summary>
    private static string SessionScript()
    {
        const string Btc = "55=BTC-PERP";
        var s = new StringBuilder();
        void Line(string text) => s.Append(text).Append('\n');
        void Order(string id, string fields) => Line($"send D 11={id} {fields} 59=0 60=now");

        Line("logon 10");

        Line("# Accepted: limit buys (A2 is cancelled and A3 replaced later), a market sell, a half-filled order.");
        foreach (var (id, price) in new[] { ("A1", "90000"), ("A2", "89000"), ("A3", "89500") })
        {
            Order(id, $"1={InteropBook.Trader} {Btc} 54=1 38=1 40=2 44={price}");
            Line($"wait 5 8 11={id} 150=0 39=0");
        }

        Order("A4", $"1={InteropBook.Trader} {Btc} 54=2 38=1 40=1");
        Line("wait 5 8 11=A4 150=0 39=0");
        Line("# With a repeating group (two Parties): once answered with Reject 373=13 (duplicate tag 448).");
        Order("A5", $"1={InteropBook.Trader} {Btc} 54=1 38=1 40=2 44=90000 453=2 448=TRADER1 447=D 452=11 448=DESK1 447=D 452=3");
        Line("wait 5 8 11=A5 150=0 39=0");
        Order("F1", $"1={InteropBook.Filled} {Btc} 54=1 38=2 40=2 44=90000");
        Line("wait 5 8 11=F1 150=0 39=0");
        Line("wait 5 8 11=F1 150=F 39=1");
        Order("T1", $"1={InteropBook.OneOpenOrder} {Btc} 54=1 38=1 40=2 44=90000");
        Line("wait 5 8 11=T1 150=0 39=0");

        Line("# Rejected: one order per SPEC 5 reason. Throttled: the third order of RATE1 within a second.");
        foreach (var reject in Rejects)
        {
            if (reject.Reason == RejectCode.Throttled)
            {
                Order("Q1", $"1={InteropBook.TwoPerSecond} {Btc} 54=1 38=1 40=2 44=90000");
                Order("Q2", $"1={InteropBook.TwoPerSecond} {Btc} 54=1 38=1 40=2 44=90000");
            }

            Order(reject.ClOrdId, reject.Fields);
            Line(string.Create(CultureInfo.InvariantCulture, $"wait 5 8 11={reject.ClOrdId} 150=8 39=8 103={reject.OrdRejReason}"));
            if (reject.Reason == RejectCode.Throttled)
            {
                Line("wait 5 8 11=Q1 150=0");
                Line("wait 5 8 11=Q2 150=0");
            }
        }

        Line("# Cancel A2, replace A3 (quantity 1 -> 2, price 89500 -> 89600).");
        Line($"send F 41=A2 11=C2 1={InteropBook.Trader} {Btc} 54=1 38=1 60=now");
        Line("wait 5 8 11=C2 41=A2 150=4 39=4");
        Line($"send G 41=A3 11=A3R 1={InteropBook.Trader} {Btc} 54=1 38=2 40=2 44=89600 59=0 60=now");
        Line("wait 5 8 11=A3R 41=A3 150=5 39=0");

        Line("# Refused: a cancel of an unknown order (at the session), a replace outside the price band (by the gate).");
        Line($"send F 41=NOPE 11=C9 1={InteropBook.Trader} {Btc} 54=1 38=1 60=now");
        Line("wait 5 9 11=C9 41=NOPE 434=1 102=1");
        Line($"send G 41=A1 11=A1R 1={InteropBook.Trader} {Btc} 54=1 38=1 40=2 44=100000 59=0 60=now");
        Line("wait 5 9 11=A1R 41=A1 434=2 102=99 39=0");

        Line("# A TestRequest, and a NewOrderSingle without TransactTime (60): our session Reject names the tag.");
        Line("testrequest T1");
        Line("wait 5 0 112=T1");
        Line($"send D 11=N1 1={InteropBook.Trader} {Btc} 54=1 38=1 40=2 44=90000");
        Line("wait 5 3 371=60 373=1 372=D");

        Line("# An application message we do not serve.");
        Line($"send H 11=A1 {Btc} 54=1");
        Line("wait 5 j 372=H 380=3");

        Line("# QuickFIX asks for everything again: GapFill for our Logon, PossDup copies with OrigSendingTime.");
        Line("resend 1 0");
        Line("wait 10 4 34=1 123=Y 43=Y");
        Line("wait 10 8 11=A1 150=0 43=Y 122=*");
        Line("wait 10 j 372=H 43=Y 122=*");

        Line("# QuickFIX skips 5 MsgSeqNums: we ask for a resend, QuickFIX gap-fills and resends G1; G2 still answered.");
        Line("gap 5");
        Order("G1", $"1={InteropBook.Trader} {Btc} 54=2 38=1 40=2 44=90500");
        Line("wait 10 2");
        Line("wait 10 8 11=G1 150=0 39=0");
        Order("G2", $"1={InteropBook.Trader} {Btc} 54=2 38=1 40=2 44=90600");
        Line("wait 10 8 11=G2 150=0 39=0");

        Line(string.Create(CultureInfo.InvariantCulture, $"# Idle past HeartBtInt ({HeartbeatSeconds} s): our Heartbeat arrives unprompted."));
        Line("clear");
        Line(string.Create(CultureInfo.InvariantCulture, $"sleep {HeartbeatSeconds + 0.5}"));
        Line("wait 5 0");

        Line("logout 10");
        return s.ToString();
    }

    private sealed record RejectCase(RejectCode Reason, string ClOrdId, string Fields, int OrdRejReason, string Text);

    /// <summary>A temporary directory for the acceptor's store and the client's files; kept when the test fails.</summary>
    private sealed class WorkDirectory : IDisposable
    {
        private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hm-quickfix-" + Guid.NewGuid().ToString("N"));
        private bool _succeeded;

        public WorkDirectory() => Directory.CreateDirectory(_root);

        public string Path(string name) => System.IO.Path.Combine(_root, name);

        public string Write(string name, string text)
        {
            string path = Path(name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Succeeded() => _succeeded = true;

        public void Dispose()
        {
            if (_succeeded)
            {
                try
                {
                    Directory.Delete(_root, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
