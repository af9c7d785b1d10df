using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using HybridMargin.Latency;

// Cross-core latency and throughput of the ring and the gate, against the hardware floor and
// System.Threading.Channels, all in one process:
//   dotnet run -c Release --project perf/HybridMargin.Latency -- [all|floor|ring|channels|gate] [--quick]
string command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
bool quick = args.Contains("--quick");
string[] known = ["all", "floor", "ring", "channels", "gate", "fix", "journal", "replay"];
bool help = args.Contains("--help") || args.Contains("-h");
string? replayDirectory = command == "replay" ? args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Skip(1).FirstOrDefault() : null;
if (help || !known.Contains(command) || (command == "replay" && replayDirectory is null))
{
    Console.WriteLine("usage: HybridMargin.Latency [all|floor|ring|channels|gate|fix|journal|replay DIR] [--quick]");
    Console.WriteLine("  replay DIR: replay speed of an existing journal (e.g. from hm demo --journal DIR), 5 passes in one process; not part of all.");
    Console.WriteLine("  journal: submit → decision with and without the journal, replay speed and recovery time of a 10 M-event journal (1 M with --quick); not part of all.");
    Console.WriteLine("  fix: FIX wire-to-wire over loopback, hm serve vs QuickFIX C++'s executor (needs libquickfix-dev, libquickfix-doc, g++ and a built tools/hm); not part of all.");
    Console.WriteLine("  floor: cache-line ping-pong; ring: floor + ring round trip, one-way hop, 1P-1C throughput;");
    Console.WriteLine("  channels: System.Threading.Channels; gate: floor + engine + RiskGate latency/throughput; all (default): everything.");
    Console.WriteLine("  --quick: ~10x fewer iterations (smoke test, not for quoting).");
    return help ? 0 : 2;
}

var settings = quick ? Settings.Quick() : new Settings();
var report = new Report();
var runStart = NoiseSnapshot.Take();

Console.WriteLine("## HybridMargin latency suite");
Console.WriteLine();
Console.WriteLine($"Date: {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
Console.WriteLine($"Machine: {Machine.Line()}");
Console.WriteLine($"Command: HybridMargin.Latency {string.Join(' ', args.DefaultIfEmpty("all"))}; {settings}");
Console.WriteLine($"Calibration: {Calibration.Describe()}");
Console.WriteLine($"Load average at start: {Machine.LoadAverage()}");

bool all = command == "all";
if (all || command == "floor" || command == "ring")
{
    Quiet();
    FloorBench.Run(report, settings);
}

if (all || command == "ring")
{
    Quiet();
    RingBench.RunLatency(report, settings);
    Quiet();
    RingBench.RunThroughput(report, settings);
}

if (all || command == "channels")
{
    Quiet();
    ChannelsBench.Run(report, settings);
}

if (all || command == "gate")
{
    if (settings.FloorRoundTripP50 is null)
    {
        Quiet();
        FloorBench.Run(report, settings);
    }

    Quiet();
    GateBench.Run(report, settings);
}

if (command == "journal")
{
    Quiet();
    JournalBench.Run(report, settings, quick ? 1_000_000 : 10_000_000);
}

if (replayDirectory is not null)
{
    Quiet();
    JournalBench.RunReplayOf(report, replayDirectory, passes: 5);
}

if (command == "fix")
{
    Quiet();
    FixWireBench.Run(report, settings, RepoRoot());
}

report.CloseSection();
if (replayDirectory is null)
{
    Summary.Print(settings);
}

Console.WriteLine($"Noise over the whole run: {NoiseSnapshot.Describe(runStart, NoiseSnapshot.Take())}");
Console.WriteLine($"Load average at end: {Machine.LoadAverage()}");
return 0;

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridMargin.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository (HybridMargin.sln not found above the binary)");
}

static void Quiet()
{
    // Another engineer's BenchmarkDotNet run would share the two cores: wait for it (up to 15 min).
    for (int i = 0; i < 90 && Machine.OtherBenchmarksRunning(); i++)
    {
        if (i == 0)
        {
            Console.Error.WriteLine("waiting for HybridMargin.Benchmarks to finish…");
        }

        Thread.Sleep(10_000);
    }
}

/// <summary>Costs that sit inside every sample: the clock read and one Thread.SpinWait(1).</summary>
internal static class Calibration
{
    /// <summary>Cost of one Stopwatch.GetTimestamp() measured by <see cref="Describe"/>.</summary>
    public static double ClockNanos { get; private set; }

    public static string Describe()
    {
        double clock = PerCall(static () => ClockReads(1_000_000), 1_000_000);
        ClockNanos = clock;
        double spin = PerCall(static () => SpinWaits(200_000), 200_000);
        double pause = PerCall(static () => Pauses(1_000_000), 1_000_000);
        return string.Create(CultureInfo.InvariantCulture, $"Stopwatch.GetTimestamp() ≈ {clock:F1} ns per call; Thread.SpinWait(1) ≈ {spin:F1} ns; x86 PAUSE ≈ {pause:F1} ns");
    }

    private static double PerCall(Func<long> run, long calls)
    {
        run();
        long ticks = run();
        return Hist.ToNanos(ticks) / (double)calls;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long ClockReads(int n)
    {
        long t0 = Stopwatch.GetTimestamp();
        long x = 0;
        for (int i = 0; i < n; i++)
        {
            x += Stopwatch.GetTimestamp();
        }

        GC.KeepAlive(x);
        return Stopwatch.GetTimestamp() - t0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long SpinWaits(int n)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            Thread.SpinWait(1);
        }

        return Stopwatch.GetTimestamp() - t0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long Pauses(int n)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            PauseSpin.Once();
        }

        return Stopwatch.GetTimestamp() - t0;
    }
}

/// <summary>The ratios the issue sets targets for, each with its verdict.</summary>
internal static class Summary
{
    public static void Print(Settings s)
    {
        Console.WriteLine();
        Console.WriteLine("### Ratios and targets");
        Console.WriteLine();
        Console.WriteLine("| ratio | value | target | verdict |");
        Console.WriteLine("|---|---:|---|---|");
        long? floor = s.FloorRoundTripP50;
        Row($"ring RT p50 / floor RT p50 ({s.FloorName})", Div(s.RingRoundTripP50, floor), "≤ 1.5", v => v <= 1.5);
        Row("ring RT p50 / request + reply lines floor RT p50 (the least any round trip through two queues moves)", Div(s.RingRoundTripP50, s.RequestReplyFloorP50), "≤ 1.5 (info)", v => v <= 1.5);
        Row("request + reply lines floor RT / floor RT, batched p50s (what two queues cost before any code)", Div(s.RequestReplyFloorUntimed, s.FloorRoundTripUntimed), "≤ 1.5 (info)", v => v <= 1.5);
        Row($"ring RT with the reply in the slot (one ring) p50 / floor RT p50 ({s.FloorName})", Div(s.RingInSlotP50, floor), "≤ 1.5 (info)", v => v <= 1.5);
        Row("ring RT with the reply in the slot / floor RT, batched p50s", Div(s.RingInSlotUntimed, s.FloorRoundTripUntimed), "≤ 1.5 (info)", v => v <= 1.5);
        Row("ring RT / floor RT, batched p50s (one clock read per 100 round trips)", Div(s.RingRoundTripUntimed, s.FloorRoundTripUntimed), "≤ 1.5", v => v <= 1.5);
        Row($"gate p50 / floor RT p50 (best gate run: {s.GateRoundTripName})", Div(s.GateRoundTripP50, floor), "≤ 2", v => v <= 2);
        double? gateBound = s.RequestReplyFloorP50 is long rr && s.EvaluateAloneP50 is long ev ? rr + ev - Calibration.ClockNanos : null;
        Row("gate lower bound / floor RT p50: (request + reply lines floor RT p50 + one Evaluate timed alone p50 − one clock read) / floor RT p50", Div(gateBound, floor), "≤ 2 (info)", v => v <= 2);
        Row("fused ring+risk prototype RT p50 / floor RT p50 (harness prototype, not the gate)", Div(s.FusedRoundTripP50, floor), "≤ 2 (info)", v => v <= 2);
        Row($"Channels RT p50 / ring RT p50 (best Channels run: {s.ChannelsRoundTripName})", Div(s.ChannelsRoundTripP50, s.RingRoundTripP50), "≥ 3", v => v >= 3);
        Row("Channels RT / ring RT, batched p50s (best spinning Channels run)", Div(s.ChannelsRoundTripUntimed, s.RingRoundTripUntimed), "≥ 3", v => v >= 3);
        Row("Channels RT p50 / request + reply lines floor RT p50 (the most any round trip through two queues could beat Channels by)", Div(s.ChannelsRoundTripP50, s.RequestReplyFloorP50), "≥ 3 (info)", v => v >= 3);
        Row("Channels RT p50 / ring RT with the reply in the slot (one ring) p50 — each its own way: Channels needs a channel each way", Div(s.ChannelsRoundTripP50, s.RingInSlotP50), "≥ 3", v => v >= 3);
        Row("Channels RT / ring RT with the reply in the slot, batched p50s", Div(s.ChannelsRoundTripUntimed, s.RingInSlotUntimed), "≥ 3 (info)", v => v >= 3);
        Row($"ring 1P–1C throughput / Channels throughput (per event, best Channels run: {s.ChannelsThroughputName})", Div(s.RingThroughput, s.ChannelsThroughput), "≥ 10", v => v >= 10);
        Row("ring 1P–1C throughput, M events/s (BusySpin, per event)", s.RingThroughput / 1e6, "≥ 20", v => v >= 20);
        Row("ring 1P–1C throughput, M events/s (BusySpin, batch 64)", s.RingThroughputBatched / 1e6, "≥ 20", v => v >= 20);
        Row($"ring 1P–1C batch-64 throughput / Channels throughput", Div(s.RingThroughputBatched, s.ChannelsThroughput), "≥ 10 (info)", v => v >= 10);
        Row($"gate throughput, M orders/s (best: {s.GateThroughputName})", s.GateThroughput / 1e6, "≥ 3", v => v >= 3);
        Row("fused ring+risk prototype throughput, M orders/s (harness prototype, not the gate)", s.FusedThroughput / 1e6, "≥ 3 (info)", v => v >= 3);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Absolute p50s (ns): floor RT {floor}, request + reply lines floor RT {s.RequestReplyFloorP50}, ring RT {s.RingRoundTripP50}, ring RT reply in the slot {s.RingInSlotP50}, Evaluate alone {s.EvaluateAloneP50}, clock read {Calibration.ClockNanos:F1}, gate {s.GateRoundTripP50}, fused prototype {s.FusedRoundTripP50}, Channels RT {s.ChannelsRoundTripP50}; batched p50s (ns): floor {s.FloorRoundTripUntimed:F1}, request + reply lines floor {s.RequestReplyFloorUntimed:F1}, ring {s.RingRoundTripUntimed:F1}, ring reply in the slot {s.RingInSlotUntimed:F1}, Channels {s.ChannelsRoundTripUntimed:F1}"));
    }

    private static double? Div(double? a, double? b) => a is null || b is null || b == 0 ? null : a / b;

    private static void Row(string name, double? value, string target, Func<double, bool> met)
    {
        string v = value is double d ? d.ToString("F2", CultureInfo.InvariantCulture) : "not measured";
        string verdict = value is double x ? (met(x) ? "met" : "NOT met") : "–";
        Console.WriteLine($"| {name} | {v} | {target} | {verdict} |");
    }
}
