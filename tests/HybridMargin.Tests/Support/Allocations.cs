namespace HybridMargin.Tests.Support;

/// <summary>The one zero-allocation assertion of the test suite: warm up, then the thread's allocated bytes must not move.</summary>
public static class Allocations
{
    /// <summary>Bytes allocated on this thread by <paramref name="action"/> after <paramref name="warmups"/> warm-up calls.</summary>
    public static long Measure(Action action, int warmups = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmups; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Fails the test when the warmed-up action allocates anything.</summary>
    public static void AssertNone(Action action, int warmups = 3)
    {
        long bytes = Measure(action, warmups);
        Assert.True(bytes == 0, $"expected no allocation, measured {bytes} bytes");
    }
}
