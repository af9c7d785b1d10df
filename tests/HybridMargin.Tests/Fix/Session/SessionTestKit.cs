using System.Globalization;
using HybridMargin.Books;
using HybridMargin.Fix.Configuration;
using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Fix.Session;

/// <summary>A small book with one account per behaviour the session tests need, and session settings built on it.</summary>
internal static class SessionTestKit
{
    /// <summary>
    /// FREE: rich, 5 % price band. POOR: USDT 20 000 only, so one BTC-PERP contract at 90 000 fits its margin and a
    /// second does not. LIMITED: order size 10, position 5, two open orders. SLOW: one order a second. OTHER: rich, for
    /// sessions that may not trade it. DEFICIT: short BTC-PERP below its margin, so in liquidation (reduce-only).
    /// </summary>
    public const string BookJson = """
    {
      "asOf": "2026-11-24T00:00:00Z",
      "assets": [
        { "symbol": "USDT", "price": 1.0, "vol": 0.005, "priceRange": 0.02 },
        { "symbol": "BTC", "price": 90000, "vol": 0.55, "volOfVol": 0.03, "spotVolCorrelation": -0.3, "haircut": 0.05,
          "priceRange": 0.15, "volShock": 0.10, "shortOptionMinimum": 0.01 }
      ],
      "instruments": [
        { "symbol": "BTC", "kind": "spot", "underlying": "BTC" },
        { "symbol": "BTC-PERP", "kind": "perpetual", "underlying": "BTC", "multiplier": 1 },
        { "symbol": "BTC-20NOV26-90000-C", "kind": "option", "underlying": "BTC", "multiplier": 1,
          "expiry": "2026-11-20T08:00:00Z", "strike": 90000, "right": "call", "iv": 0.60 }
      ],
      "accounts": [
        { "id": "FREE", "balances": { "USDT": 10000000 }, "limits": { "priceBand": 0.05 } },
        { "id": "POOR", "balances": { "USDT": 20000 } },
        { "id": "LIMITED", "balances": { "USDT": 1000000 },
          "limits": { "maxOrderQty": 10, "maxOrderNotional": 5000000, "priceBand": 0.05, "maxOpenOrders": 2, "maxPosition": { "BTC-PERP": 5 } } },
        { "id": "SLOW", "balances": { "USDT": 1000000 }, "limits": { "maxOrdersPerSecond": 1 } },
        { "id": "OTHER", "balances": { "USDT": 1000000 } },
        { "id": "DEFICIT", "balances": { "USDT": 80000 },
          "positions": [ { "instrument": "BTC-PERP", "qty": -20, "entryPrice": 88500 } ] }
      ]
    }
    """;

    public const string Perp = "BTC-PERP";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static Book NewBook() => BookLoader.Parse(BookJson);

    /// <summary>The HM/CLIENT1 session the test client logs on to, trading every account unless told otherwise.</summary>
    public static FixSessionSettings Client1Session(
        string[]? accounts = null,
        string? password = null,
        int heartbeatMin = 1,
        int heartbeatMax = 120,
        bool cancelOnDisconnect = false,
        bool fix44Enums = false) => new()
        {
            SenderCompId = "HM",
            TargetCompId = "CLIENT1",
            Accounts = accounts ?? ["*"],
            Password = password,
            HeartbeatMinSeconds = heartbeatMin,
            HeartbeatMaxSeconds = heartbeatMax,
            CancelOnDisconnect = cancelOnDisconnect,
            Fix44Enums = fix44Enums,
        };

    /// <summary>Starts an acceptor on the test book with one session.</summary>
    public static FixServer Start(FixSessionSettings? session = null, FixLimits? limits = null, string? store = null, HybridMargin.Fix.Venue.IOrderSink? sink = null, HybridMargin.Gate.GateOptions? gateOptions = null) =>
        FixServer.Start(NewBook(), [session ?? Client1Session()], limits, sink, store, gateOptions);

    /// <summary>A connected client that has logged on (sequence numbers reset).</summary>
    public static FixTestClient LoggedOn(FixServer server, int heartbeat = 30)
    {
        var client = server.Connect();
        client.Logon(heartbeat);
        return client;
    }

    /// <summary>Sends a message with an explicit MsgSeqNum (does not move the client's own counter).</summary>
    public static void SendAt(this FixTestClient client, int seq, string msgType, params (int Tag, string Value)[] body) =>
        client.SendRaw(FixTestClient.Build(msgType, client.Sender, client.Target, seq, body));

    /// <summary>A resent message: PossDupFlag=Y and OrigSendingTime before the given body.</summary>
    public static void SendPossDup(this FixTestClient client, int seq, string msgType, params (int Tag, string Value)[] body) =>
        client.SendAt(seq, msgType, [(43, "Y"), (122, FixTestClient.Now()), .. body]);

    public static void Cancel(this FixTestClient client, string clOrdId, string origClOrdId, string account = "POOR", char side = '1') =>
        client.Send("F", (1, account), (11, clOrdId), (41, origClOrdId), (54, side.ToString()), (55, Perp), (60, FixTestClient.Now()));

    public static void Replace(this FixTestClient client, string clOrdId, string origClOrdId, double quantity, double price, string account = "POOR", char side = '1') =>
        client.Send(
            "G",
            (1, account), (11, clOrdId), (41, origClOrdId), (54, side.ToString()), (55, Perp), (38, Number(quantity)), (40, "2"),
            (44, Number(price)), (60, FixTestClient.Now()));

    /// <summary>An ExecutionReport for <paramref name="clOrdId"/> with the given ExecType (150).</summary>
    public static FixReceived Report(this FixTestClient client, string clOrdId, char execType) =>
        client.WaitFor("8", Patience, (11, clOrdId), (150, execType.ToString()));

    /// <summary>Waits for a TestRequest's echo: everything sent before it has been handled by the session.</summary>
    public static void Sync(this FixTestClient client, string id = "SYNC")
    {
        client.Send("1", (112, id));
        client.WaitFor("0", Patience, (112, id));
    }

    public static double Num(this FixReceived message, int tag) =>
        double.Parse(message.Get(tag) ?? throw new Xunit.Sdk.XunitException($"tag {tag} missing in {message}"), CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static void Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting until {what}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>A fresh directory under the temp folder, for a session store that must outlive one acceptor.</summary>
    public static string NewStoreDirectory() => Path.Combine(Path.GetTempPath(), "hm-fix-" + Guid.NewGuid().ToString("N"));
}
