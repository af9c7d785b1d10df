namespace HybridMargin.Tests.Support;

public class AllocationsTests
{
    private static object? _sink;

    [Fact]
    public void Catches_a_single_small_allocation()
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Allocations.AssertNone(() => _sink = new object()));
    }

    [Fact]
    public void Measures_the_bytes_of_an_array()
    {
        Assert.True(Allocations.Measure(() => _sink = new byte[1000]) >= 1000);
    }

    [Fact]
    public void Passes_code_that_does_not_allocate()
    {
        var values = new double[16];
        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] += i;
            }
        });
    }
}
