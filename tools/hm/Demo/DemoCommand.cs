using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Gate;

namespace HybridMargin.Cli.Demo;

/// <summary><c>hm demo</c> (SPEC §9): the gate on the embedded sample book under a seeded synthetic flow.</summary>
internal static class DemoCommand
{
    // No snapshots unless asked: hm replay, the journal's main reader, replays from the book and never reads them.
    private const int DefaultSnapshotEvery = 0;
    private const long DefaultJournalFileBytes = 64L << 20;

    // Room for a few dozen records of every kind, the longest (an adopted recalculation) included.
    private const long MinJournalFileBytes = 64L << 10;

    public static Command Create()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds to run.", DefaultValueFactory = _ => 10 };
        var rate = new Option<int>("--rate") { Description = "Orders per second offered, all producers together (the sample book's accounts allow 820/s in all; above that most orders are throttled).", DefaultValueFactory = _ => 600 };
        var producers = new Option<int>("--producers") { Description = "Producer threads.", DefaultValueFactory = _ => 2 };
        // Blocking by default: the demo runs producer, venue and market-data threads beside the two stages, and on a
        // small machine spinning or yielding stages take the cores those threads need (docs/perf.md has the comparison).
        var wait = new Option<WaitStrategyKind>("--wait") { Description = "Wait strategy of the stages: BusySpin, Yielding, Sleeping or Blocking.", DefaultValueFactory = _ => WaitStrategyKind.Blocking };
        var riskCore = new Option<int?>("--risk-core") { Description = "Pin the risk thread to this core." };
        var responderCore = new Option<int?>("--responder-core") { Description = "Pin the responder thread to this core." };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic flow.", DefaultValueFactory = _ => 42 };
        var book = new Option<string?>("--book") { Description = "A book file instead of the embedded sample book." };
        // Replies on the risk thread by default: one hand-off fewer, measured faster on a 2-core machine (p50 28 µs
        // against 49 µs, p99 0.5 ms against 1.5 ms in the demo's flow).
        var responderThread = new Option<bool>("--responder-thread") { Description = "Deliver decisions on a separate responder thread instead of the risk thread." };
        var journal = new Option<string?>("--journal") { Description = "Journal the gate's events into this directory (for hm replay and hm recover; a journal already there is recovered and continued, the recovery reported on stderr)." };
        var snapshotEvery = new Option<int?>("--snapshot-every") { Description = "With --journal: a state snapshot every N journalled events, so a restart recovers from it instead of replaying from the book (default 0: none)." };
        var journalFileBytes = new Option<long?>("--journal-file-bytes") { Description = $"With --journal: the size of each journal file (default {DefaultJournalFileBytes >> 20} MiB, at least {MinJournalFileBytes >> 10} KiB)." };
        var decisionLog = new Option<string?>("--decision-log") { Description = "Append every order decision the producers receive to this file as 'account clientOrderId code' (None = accepted), one unbuffered write per line." };
        var command = new Command("demo", "Run the gate on the sample book with a synthetic order, fill and market-data flow; report decisions and latency.")
        {
            duration, rate, producers, wait, riskCore, responderCore, seed, book, responderThread, journal, snapshotEvery, journalFileBytes, decisionLog,
        };
        command.SetAction(parse =>
        {
            string? directory = parse.GetValue(journal);
            int? every = parse.GetValue(snapshotEvery);
            long? fileBytes = parse.GetValue(journalFileBytes);
            if (directory is null && (every is not null || fileBytes is not null))
            {
                Console.Error.WriteLine("error: --snapshot-every and --journal-file-bytes need --journal");
                return 2;
            }

            if (every < 0 || fileBytes < MinJournalFileBytes)
            {
                Console.Error.WriteLine($"error: --snapshot-every must not be negative and --journal-file-bytes must be at least {MinJournalFileBytes:N0}");
                return 2;
            }

            return Run(new DemoSettings(
                TimeSpan.FromSeconds(parse.GetValue(duration)),
                parse.GetValue(rate),
                parse.GetValue(producers),
                parse.GetValue(wait),
                parse.GetValue(riskCore),
                parse.GetValue(responderCore),
                parse.GetValue(seed),
                parse.GetValue(book),
                !parse.GetValue(responderThread),
                directory is null ? null : new DemoJournal(directory, every ?? DefaultSnapshotEvery, fileBytes ?? DefaultJournalFileBytes),
                parse.GetValue(decisionLog)));
        });
        return command;
    }

    private static int Run(DemoSettings settings)
    {
        if (settings.Duration <= TimeSpan.Zero || settings.OrdersPerSecond <= 0 || settings.Producers <= 0)
        {
            Console.Error.WriteLine("error: --duration, --rate and --producers must be positive");
            return 2;
        }

        Book book;
        try
        {
            book = settings.BookPath is null ? BookLoader.LoadSample() : BookLoader.Load(settings.BookPath);
        }
        catch (Exception e) when (e is BookException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {settings.BookPath}: {e.Message}");
            return 2;
        }

        DemoRun run;
        try
        {
            run = new DemoRun(settings, book);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The messages name the journal directory or the decision log's path.
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (run.Gate.Recovery is { } recovery)
        {
            Console.Error.WriteLine($"hm demo: journal {settings.Journal!.Directory}: {recovery}");
            foreach (string rejected in recovery.RejectedSnapshots)
            {
                Console.Error.WriteLine($"hm demo: snapshot not used: {rejected}");
            }
        }

        int gen0 = GC.CollectionCount(0);
        int gen1 = GC.CollectionCount(1);
        int gen2 = GC.CollectionCount(2);
        bool live = !Console.IsOutputRedirected;
        Console.WriteLine($"hm demo: {book.Accounts.Count} accounts, {book.Instruments.Count} instruments; {settings.Producers} producers offering {settings.OrdersPerSecond:N0} orders/s for {settings.Duration.TotalSeconds:0.#} s; wait={settings.WaitStrategy}, risk core={Core(settings.RiskCore)}, responder core={Core(settings.ResponderCore)}, replies on {(settings.ReplyOnRiskThread ? "the risk thread" : "a responder thread")}, seed={settings.Seed}");
        var lastPrint = TimeSpan.Zero;
        run.Run(r =>
        {
            string line = string.Create(CultureInfo.InvariantCulture, $"t={r.Elapsed.TotalSeconds,5:0.0}s  orders={r.Sink.Orders,9:N0}  accepted={r.Sink.Count(RejectCode.None),9:N0}  events={r.Sink.Events,10:N0}  p50={Micros(r.Sink.Percentile(50))}  p99={Micros(r.Sink.Percentile(99))}");
            if (live)
            {
                Console.Write("\r" + line);
            }
            else if (r.Elapsed - lastPrint >= TimeSpan.FromSeconds(2))
            {
                lastPrint = r.Elapsed;
                Console.WriteLine(line);
            }
        });
        if (live)
        {
            Console.WriteLine();
        }

        Report(run, settings, gen0, gen1, gen2);
        return run.Gate.Fault is null && run.Gate.JournalFault is null ? 0 : 1;
    }

    private static void Report(DemoRun run, DemoSettings settings, int gen0, int gen1, int gen2)
    {
        var sink = run.Sink;
        double seconds = run.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("Decisions");
        foreach (var code in Enum.GetValues<RejectCode>())
        {
            long n = sink.Count(code);
            if (n > 0)
            {
                string name = code == RejectCode.None ? "Accepted" : code.ToString();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-20} {n,12:N0}  {100.0 * n / Math.Max(1, sink.Orders),6:0.00} %"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"orders",-20} {sink.Orders,12:N0}"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Events through the ring: {sink.Events:N0} in {seconds:0.0} s = {sink.Events / seconds:N0}/s (orders {sink.Orders / seconds:N0}/s, fills {run.Fills:N0}, cancels {run.Cancels:N0}, market ticks {run.Ticks:N0})"));
        if (run.Gate.Recalculation is { } recalculation)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Background recalculations (Monte Carlo add-ons): {recalculation.Published:N0} published, {recalculation.Adopted:N0} adopted by the risk thread; drift of incremental VaR/grid loss against from-scratch in the last one: {recalculation.LastDrift:E2}"));
        }

        if (settings.Journal is { } journal)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Journal: {journal.Directory}, last sequence {run.Gate.JournalSequence:N0}, {run.Gate.SnapshotsWritten:N0} snapshots written{(run.Gate.JournalFault is { } journalFault ? ", failed: " + journalFault.Message : "")}"));
        }

        Console.WriteLine($"Liquidations: {run.Liquidations.Entered:N0} entered, {run.Liquidations.Left:N0} left (accounts in liquidation at the end: {Enumerable.Range(0, run.Gate.Engine.AccountCount).Count(run.Gate.Engine.IsInLiquidation)})");
        Console.WriteLine();
        Console.WriteLine($"Submit → decision latency (HdrHistogram, corrected for coordinated omission at the offered rate)");
        foreach (var (label, p) in new[] { ("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9), ("p99.99", 99.99) })
        {
            Console.WriteLine($"  {label,-7} {Micros(sink.Percentile(p)),12}");
        }

        Console.WriteLine($"  {"max",-7} {Micros(sink.Max()),12}");
        Console.WriteLine();
        Console.WriteLine($"GC collections during the run: gen0={GC.CollectionCount(0) - gen0}, gen1={GC.CollectionCount(1) - gen1}, gen2={GC.CollectionCount(2) - gen2}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; wait={settings.WaitStrategy}");
        if (run.Gate.Fault is { } fault)
        {
            Console.Error.WriteLine($"error: a gate stage failed: {fault}");
        }

        if (run.Gate.JournalFault is not null)
        {
            Console.Error.WriteLine("error: the journal failed; every event since was refused with JournalFailed");
        }

        if (run.Gate.SnapshotFault is { } snapshotFault)
        {
            Console.Error.WriteLine($"warning: a snapshot write failed (the journal alone still recovers everything): {snapshotFault.Message}");
        }
    }

    private static string Core(int? core) => core?.ToString(CultureInfo.InvariantCulture) ?? "any";

    private static string Micros(long nanos) => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1000.0:N1} µs");
}
