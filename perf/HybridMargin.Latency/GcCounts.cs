namespace HybridMargin.Latency;

/// <summary>
/// Garbage collections per generation (process-wide), taken around a measured stretch, with a note on what the stretch
/// includes beyond the recorded samples; or "not counted" with the reason.
/// </summary>
internal readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, string? Note = null)
{
    /// <summary>The counts so far.</summary>
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    /// <summary>The collections between <paramref name="start"/> and now.</summary>
    public static GcCounts Since(GcCounts start)
    {
        var now = Now();
        return new(now.Gen0 - start.Gen0, now.Gen1 - start.Gen1, now.Gen2 - start.Gen2);
    }

    /// <summary>A row whose collections were not counted, and why.</summary>
    public static GcCounts NotCounted(string why) => new(-1, -1, -1, why);

    /// <summary>The sum of two counted stretches (rows merged from interleaved runs).</summary>
    public static GcCounts operator +(GcCounts a, GcCounts b) => new(a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.Note ?? b.Note);

    /// <summary>The same counts, saying what else the counted stretch included.</summary>
    public GcCounts Including(string what) => this with { Note = what + " incl." };

    /// <summary>"gen0/gen1/gen2" (a gen2 collection counts in all three), with the note if any.</summary>
    public override string ToString() =>
        Gen0 < 0 ? $"not counted ({Note})" : Note is null ? $"{Gen0}/{Gen1}/{Gen2}" : $"{Gen0}/{Gen1}/{Gen2} ({Note})";
}
