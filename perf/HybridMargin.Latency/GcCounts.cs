namespace HybridMargin.Latency;

/// <summary>Garbage collections per generation (process-wide), taken around a measured stretch.</summary>
internal readonly record struct GcCounts(int Gen0, int Gen1, int Gen2)
{
    /// <summary>The counts so far.</summary>
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    /// <summary>The collections between <paramref name="start"/> and now.</summary>
    public static GcCounts Since(GcCounts start)
    {
        var now = Now();
        return new(now.Gen0 - start.Gen0, now.Gen1 - start.Gen1, now.Gen2 - start.Gen2);
    }

    /// <summary>"gen0/gen1/gen2" (a gen2 collection counts in all three).</summary>
    public override string ToString() => $"{Gen0}/{Gen1}/{Gen2}";
}
