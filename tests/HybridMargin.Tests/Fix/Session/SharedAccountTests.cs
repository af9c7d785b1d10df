using HybridMargin.Fix.Configuration;
using HybridMargin.Tests.Fix.Support;
using static HybridMargin.Tests.Fix.Session.SessionTestKit;

namespace HybridMargin.Tests.Fix.Session;

public sealed class SharedAccountTests
{
    [Fact]
    public async Task Two_sessions_trading_one_account_get_distinct_order_ids_and_are_both_accepted()
    {
        var sessions = new[]
        {
            new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT1", Accounts = ["*"] },
            new FixSessionSettings { SenderCompId = "HM", TargetCompId = "CLIENT2", Accounts = ["*"] },
        };
        await using var server = FixServer.Start(NewBook(), sessions);
        using var one = server.Connect("CLIENT1");
        using var two = server.Connect("CLIENT2");
        one.Logon();
        two.Logon();

        one.Order("SAME", "FREE", Perp, '1', 1, 90000);
        two.Order("SAME", "FREE", Perp, '1', 1, 90000);

        var first = one.Report("SAME", '0');
        var second = two.Report("SAME", '0');
        Assert.NotEqual(first.Get(37), second.Get(37));
        Assert.NotEqual(first.Get(17), second.Get(17));
    }
}
