using HybridMargin.Tests.Fix.Support;

namespace HybridMargin.Tests.Fix.Session;

public sealed class FixSessionSmokeTests
{
    [Fact]
    public async Task Accepts_an_order_within_limits_and_rejects_one_above_the_order_size_limit()
    {
        await using var server = FixServer.Start();
        using var client = server.Connect();
        client.Logon();
        client.Order("A1", "BASIS1", "BTC-PERP", '1', 1, 90000);
        var accepted = client.WaitFor("8", (11, "A1"));
        Assert.Equal("0", accepted.Get(150));
        client.Order("A2", "BASIS1", "BTC-PERP", '1', 1000, 90000);
        var rejected = client.WaitFor("8", (11, "A2"));
        Assert.Equal("8", rejected.Get(150));
        Assert.Equal("3", rejected.Get(103));
        Assert.StartsWith("OrderTooLarge: value=1000, limit=50", rejected.Get(58), StringComparison.Ordinal);
    }
}
