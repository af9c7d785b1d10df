using System.Diagnostics;
using System.Globalization;
using HybridMargin.Fix.Configuration;
using HybridMargin.Fix.Session;
using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Fix.BadInput;

/// <summary>The acceptor the bad-input tests run against: a session that receives bad input (FUZZ, account BASIS1), one that only sends valid orders (STEADY, account MM1), one with a password (SECURE).</summary>
internal static class BadInputServer
{
    public const string Fuzz = "FUZZ";
    public const string Steady = "STEADY";
    public const string Secure = "SECURE";
    public const string Password = "s3cret";
    public const string FuzzAccount = "BASIS1";
    public const string SteadyAccount = "MM1";

    public static IReadOnlyList<FixSessionSettings> Sessions { get; } =
    [
        new FixSessionSettings { SenderCompId = "HM", TargetCompId = Fuzz, Accounts = [FuzzAccount] },
        new FixSessionSettings { SenderCompId = "HM", TargetCompId = Steady, Accounts = [SteadyAccount] },
        new FixSessionSettings { SenderCompId = "HM", TargetCompId = Secure, Password = Password, Accounts = [FuzzAccount] },
    ];

    /// <summary>Limits as configured by default, except the logon timeout (1 s, so the tests can wait it out).</summary>
    // A generous logon timeout: on a loaded 2-core machine a logon can take longer than a second to be read.
    public static FixLimits Limits { get; } = new() { LogonTimeoutSeconds = 10 };

    /// <summary>For the test of the logon timeout itself.</summary>
    public static FixLimits QuickLogonTimeout { get; } = Limits with { LogonTimeoutSeconds = 1 };

    public static FixServer Start(RecordingSink sink, FixLimits? limits = null) => FixServer.Start(sessions: Sessions, limits: limits ?? Limits, sink: sink);

    public static FixSession Session(FixServer server, string client) => server.Acceptor.Sessions.Single(s => s.Settings.TargetCompId == client);

    /// <summary>Waits until the acceptor has unbound the session's last connection, so it can log on again.</summary>
    public static void WaitDetached(FixServer server, string client) =>
        // IsBound, not IsLoggedOn: a connection refused at Logon (wrong password) is bound until its read loop ends.
        WaitUntil(() => !Session(server, client).IsBound, $"session {client} still bound to its old connection");

    public static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < ProbingClient.Patience, what);
            Thread.Sleep(1);
        }
    }

    /// <summary>Stops the gate (so its state may be read) and returns the open orders of <paramref name="account"/>.</summary>
    public static int OpenOrdersAfterStop(FixServer server, string account)
    {
        server.Gate.Stop();
        return server.Gate.Engine.OpenOrderCount(server.Gate.Engine.FindAccount(account));
    }

    /// <summary>The acceptor caught no exception from a connection (its "connection … failed:" log line).</summary>
    public static void AssertNoInternalErrors(FixServer server)
    {
        string log = server.Log;
        Assert.False(log.Contains("failed:", StringComparison.Ordinal), log);
        Assert.True(server.Gate.Fault is null, server.Gate.Fault?.ToString());
    }

    /// <summary>Exactly one message arrived, a session Reject of <paramref name="refSeq"/> with the reason (and tag).</summary>
    public static void AssertReject(List<FixReceived> received, int refSeq, int reason, int? refTag = null)
    {
        string all = string.Join(" || ", received);
        Assert.True(received.Count == 1 && received[0].Type == "3", $"expected one Reject (35=3), got: {all}");
        var reject = received[0];
        Assert.True(reject.Get(45) == refSeq.ToString(CultureInfo.InvariantCulture), $"RefSeqNum: {all}");
        Assert.True(reject.Get(373) == reason.ToString(CultureInfo.InvariantCulture), $"SessionRejectReason {reason}: {all}");
        if (refTag is not null)
        {
            Assert.True(reject.Get(371) == refTag.Value.ToString(CultureInfo.InvariantCulture), $"RefTagID {refTag}: {all}");
        }
    }

    /// <summary>Exactly one message arrived before the close: a Logout.</summary>
    public static void AssertLogout(List<FixReceived> received)
    {
        Assert.True(received.Count == 1 && received[0].Type == "5", $"expected a Logout (35=5) then the close, got: {string.Join(" || ", received)}");
    }

    /// <summary>Logs a fresh connection of <paramref name="client"/> on, once the old one is unbound.</summary>
    public static ProbingClient Reconnect(FixServer server, string client)
    {
        WaitDetached(server, client);
        var fresh = new ProbingClient(server, client);
        fresh.Logon();
        return fresh;
    }

    /// <summary>Places an order and waits for its ExecutionReport New.</summary>
    public static FixReceived PlaceOrder(ProbingClient client, string clOrdId, string account)
    {
        client.Send(RawFix.NewOrder(client.Sender, client.NextSeq++, clOrdId, account));
        var (report, before) = client.Until("8", (11, clOrdId));
        Assert.True(before.Count == 0, $"unexpected: {string.Join(" || ", before)}");
        Assert.True(report.Get(150) == "0", $"order {clOrdId} not accepted: {report}");
        return report;
    }

    /// <summary>Cancels an order and waits for its ExecutionReport Canceled.</summary>
    public static void CancelOrder(ProbingClient client, string clOrdId, string origClOrdId)
    {
        client.Send(RawFix.Cancel(client.Sender, client.NextSeq++, clOrdId, origClOrdId));
        var (report, before) = client.Until("8", (11, clOrdId));
        Assert.True(before.Count == 0, $"unexpected: {string.Join(" || ", before)}");
        Assert.True(report.Get(150) == "4", $"cancel {clOrdId} not done: {report}");
    }
}
