using System.Text;
using System.Text.RegularExpressions;
using HybridMargin.Books;
using HybridMargin.Cli.Replay;
using HybridMargin.Engine;
using HybridMargin.Journal;

namespace HybridMargin.Tests.Cli;

public sealed partial class ReplayCommandTests : IClassFixture<ReplayJournals>
{
    private readonly ReplayJournals _journals;

    public ReplayCommandTests(ReplayJournals journals)
    {
        _journals = journals;
    }

    [Fact]
    public void The_decision_log_gives_every_order_and_replace_the_decision_and_figures_its_client_received()
    {
        var (directory, steps) = _journals.WithSnapshots;
        var book = BookLoader.LoadSample();

        var (code, stdout, stderr) = Replay(directory);

        Assert.True(code == 0, stderr);
        Assert.Equal(string.Empty, stderr);
        string[] events = Lines(stdout).Where(l => l.StartsWith("seq=", StringComparison.Ordinal)).ToArray();
        string[] replayed = events.Where(l => !l.Contains(" kind=AdoptSnapshot ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(steps.Count, replayed.Length);
        for (int i = 0; i < steps.Count; i++)
        {
            var (e, received) = steps[i];
            string line = replayed[i];
            Assert.Contains($" kind={e.Kind} ", line, StringComparison.Ordinal);
            if (e.Kind is not (JournalEventKind.Order or JournalEventKind.Replace))
            {
                continue;
            }

            var match = OrderLine().Match(line);
            Assert.True(match.Success, line);
            Assert.Equal(book.Accounts[e.Order.Account].Id, match.Groups["account"].Value);
            Assert.Equal(e.Order.ClientOrderId, long.Parse(match.Groups["order"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(book.Instruments[e.Order.Instrument].Symbol, match.Groups["instrument"].Value);
            Assert.Equal(received.Accepted ? "Accepted" : received.Code.ToString(), match.Groups["decision"].Value);
            string text = received.Text;
            int colon = text.IndexOf(": ", StringComparison.Ordinal);
            Assert.Equal(colon < 0 ? string.Empty : text[(colon + 2)..], match.Groups["figures"].Value);
        }

        Assert.Contains(steps, s => s.Received.Code == RejectCode.InsufficientMargin);
        Assert.Contains(events, l => l.Contains(" kind=AdoptSnapshot ", StringComparison.Ordinal) && l.Contains(" riskParameters=changed ", StringComparison.Ordinal));
        string end = Lines(stdout)[^1];
        Assert.StartsWith("end reason=EndOfJournal clean=true ", end, StringComparison.Ordinal);
        Assert.DoesNotContain("file=journal-000001.hmj", end, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_counts_events_by_kind_and_decisions_by_code()
    {
        var (directory, steps) = _journals.Plain;

        var (code, stdout, stderr) = Replay(directory, summaryOnly: true);

        Assert.True(code == 0, stderr);
        string[] lines = Lines(stdout);
        Assert.DoesNotContain(lines, l => l.StartsWith("seq=", StringComparison.Ordinal));
        var decisions = Fields(lines.Single(l => l.StartsWith("summary decisions=", StringComparison.Ordinal)));
        var orders = steps.Where(s => s.Event.Kind is JournalEventKind.Order or JournalEventKind.Replace).ToList();
        Assert.Equal(orders.Count, decisions["summary decisions"]);
        foreach (var group in orders.GroupBy(s => s.Received.Code))
        {
            Assert.Equal(group.Count(), decisions[group.Key == RejectCode.None ? "Accepted" : group.Key.ToString()]);
        }

        var events = Fields(lines.Single(l => l.StartsWith("summary events=", StringComparison.Ordinal)));
        Assert.Equal(steps.Count, events["summary events"]);
        Assert.Equal(steps.Count(s => s.Event.Kind == JournalEventKind.Fill), events["Fill"]);
    }

    [Fact]
    public void Replaying_the_same_journal_twice_gives_byte_identical_output()
    {
        string parameters = WriteParams("""{ "parameters": { "imMultiplier": 2 } }""");

        byte[] first = ReplayBytes(_journals.WithSnapshots.Directory, parameters);
        byte[] second = ReplayBytes(_journals.WithSnapshots.Directory, parameters);

        Assert.True(first.Length > 100_000, $"{first.Length} bytes");
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("2", "Accepted", "InsufficientMargin")]
    [InlineData("1", "InsufficientMargin", "Accepted")]
    public void A_params_file_changing_imMultiplier_changes_margin_decisions_with_the_counts_of_an_independent_shadow_engine(string imMultiplier, string from, string to)
    {
        var (directory, steps) = _journals.Plain;
        string parameters = WriteParams($$"""{ "parameters": { "imMultiplier": {{imMultiplier}} } }""");
        var shadowBook = BookLoader.Parse(BookLoader.SampleJson().Replace("\"imMultiplier\": 1.3", $"\"imMultiplier\": {imMultiplier}", StringComparison.Ordinal));
        Assert.Equal(double.Parse(imMultiplier, System.Globalization.CultureInfo.InvariantCulture), shadowBook.Parameters.ImMultiplier);
        var (expected, released) = ShadowChanges(steps, shadowBook);

        var (code, stdout, stderr) = Replay(directory, parameters, summaryOnly: true);

        Assert.True(code == 0, stderr);
        string[] lines = Lines(stdout);
        var actual = lines
            .Select(l => ChangeLine().Match(l))
            .Where(m => m.Success)
            .ToDictionary(m => (m.Groups["from"].Value, m.Groups["to"].Value), m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.True(actual.GetValueOrDefault((from, to)) > 0, stdout);
        Assert.Contains($"shadow book parameters.imMultiplier 1.3 -> {imMultiplier}", lines);
        int changed = expected.Values.Sum();
        int compared = steps.Count(s => s.Event.Kind is JournalEventKind.Order or JournalEventKind.Replace);
        Assert.Contains($"shadow decisions={compared} changed={changed}", lines);
        Assert.Contains($"shadow released={released}", lines);
        Assert.Equal(changed, lines.Count(l => l.StartsWith("changed seq=", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_book_file_gives_the_replay_of_the_embedded_sample_it_matches()
    {
        string book = Path.Combine(_journals.NewDirectory("book"), "book.json");
        File.WriteAllText(book, BookLoader.SampleJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        string parameters = WriteParams("""{ "limits": { "MM1": { "maxOrdersPerSecond": 5 } } }""");

        var (sampleCode, sample, _) = Replay(_journals.Plain.Directory, parameters);
        var (fileCode, fromFile, stderr) = Replay(_journals.Plain.Directory, parameters, book: book);

        Assert.Equal(0, sampleCode);
        Assert.True(fileCode == 0, stderr);
        Assert.StartsWith($"replay book={book} ", fromFile, StringComparison.Ordinal);
        Assert.Equal(sample[sample.IndexOf('\n', StringComparison.Ordinal)..], fromFile[fromFile.IndexOf('\n', StringComparison.Ordinal)..]);
        Assert.Contains("shadow book limits.MM1.maxOrdersPerSecond 500 -> 5", fromFile, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "parameters": { "imMultiplier": 0.5 } }""", "parameters.imMultiplier: must be >= 1, got 0.5")]
    [InlineData("""{ "parameters": { "imMultipler": 2 } }""", "parameters.imMultipler: unknown field 'imMultipler'")]
    [InlineData("""{ "parameters": { "varConfidence": "high" } }""", "parameters.varConfidence:")]
    [InlineData("""{ "limits": { "DIRECT1": { "priceBand": -1 } } }""", "limits.DIRECT1.priceBand: must be > 0, got -1")]
    [InlineData("""{ "limits": { "DIRECT1": { "maxPosition": { "NOPE-PERP": 5 } } } }""", "limits.DIRECT1.maxPosition.NOPE-PERP:")]
    [InlineData("""{ "limits": { "NOBODY": { "priceBand": 0.1 } } }""", "limits.NOBODY: no account 'NOBODY' in the book")]
    [InlineData("""{ "parameter": { "imMultiplier": 2 } }""", "parameter: unknown field 'parameter'")]
    [InlineData("""{ "parameters": { "imMultiplier": 2, "imMultiplier": 3 } }""", "duplicate key 'imMultiplier'")]
    public void A_bad_params_file_is_refused_with_exit_code_2_and_an_error_naming_the_field(string json, string error)
    {
        string parameters = WriteParams(json);

        var (code, stdout, stderr) = Replay(_journals.Plain.Directory, parameters);

        Assert.Equal(ReplayCommand.BadInput, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"error: {parameters}: {error}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hm_replay_exits_2_with_the_field_on_stderr_for_a_bad_params_file()
    {
        string parameters = WriteParams("""{ "parameters": { "imMultiplier": 0.5 } }""");

        var (code, stdout, stderr) = HmProcess.Run("replay", _journals.Plain.Directory, "--params", parameters);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("parameters.imMultiplier: must be >= 1, got 0.5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hm_replay_of_a_missing_journal_directory_exits_2_naming_it()
    {
        string missing = Path.Combine(_journals.NewDirectory("missing"), "no-such-journal");

        var (code, stdout, stderr) = HmProcess.Run("replay", missing);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"error: {missing}: no such journal directory", stderr.TrimEnd());
    }

    [Fact]
    public void A_directory_without_journal_files_is_refused_with_exit_code_2()
    {
        string empty = _journals.NewDirectory("empty");

        var (code, _, stderr) = Replay(empty);

        Assert.Equal(ReplayCommand.BadInput, code);
        Assert.Contains($"error: {empty}: no journal files", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_tail_is_replayed_up_to_the_last_good_record_and_reported_with_its_file_and_offset()
    {
        string torn = _journals.NewDirectory("torn");
        foreach (string file in Directory.EnumerateFiles(_journals.Plain.Directory))
        {
            File.Copy(file, Path.Combine(torn, Path.GetFileName(file)));
        }

        var (events, end) = ReadAll(torn);
        long lastStart = end.Offset - JournalRecord.RecordSize(events[^1]);
        using (var last = new FileStream(end.File!, FileMode.Open, FileAccess.Write))
        {
            last.SetLength(lastStart + 5);
        }

        var (code, stdout, stderr) = Replay(torn);

        Assert.Equal(ReplayCommand.NotClean, code);
        string[] lines = Lines(stdout);
        Assert.Equal(events.Count - 1, lines.Count(l => l.StartsWith("seq=", StringComparison.Ordinal)));
        string name = Path.GetFileName(end.File!);
        Assert.Equal($"end reason=TruncatedRecord clean=false lastSeq={events.Count - 1} file={name} offset={lastStart}", lines[^1]);
        Assert.Contains("warning:", stderr, StringComparison.Ordinal);
        Assert.Contains($"TruncatedRecord in {name} at offset {lastStart}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_journal_naming_an_account_beyond_the_book_is_refused_with_exit_code_2_naming_its_sequence()
    {
        string directory = _journals.NewDirectory("other-book");
        using (var writer = new JournalWriter(new JournalWriterOptions { Directory = directory, MaxFileBytes = 64 << 10 }))
        {
            writer.Append(JournalEvent.ForMark(0, 91_000, 1_790_000_000_000_000_000));
            writer.Append(JournalEvent.ForOrder(new Order(42, 4, Side.Buy, OrderType.Limit, 1, 91_000, 7, 1_790_000_000_000_000_001)));
        }

        var (code, stdout, stderr) = Replay(directory);

        Assert.Equal(ReplayCommand.BadInput, code);
        Assert.Contains("error: seq=2 (Order) names account index 42, but the book has 9 accounts", stderr, StringComparison.Ordinal);
        Assert.Contains("seq=1 time=2026-09-21T", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("seq=2 ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_journal_that_does_not_start_at_sequence_1_is_refused_with_exit_code_2()
    {
        string directory = _journals.NewDirectory("later");
        using (var writer = new JournalWriter(new JournalWriterOptions { Directory = directory, MaxFileBytes = 64 << 10, FirstSequence = 5 }))
        {
            writer.Append(JournalEvent.ForMark(0, 91_000, 1_790_000_000_000_000_000));
        }

        var (code, _, stderr) = Replay(directory);

        Assert.Equal(ReplayCommand.BadInput, code);
        Assert.Contains("the journal starts at seq=5", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The shadow's code pairs computed without the replay's code: an engine on <paramref name="book"/> fed the
    /// client flow's steps through its public API, with the rule the command documents — an order only the shadow
    /// accepts is cancelled in the shadow at once, since the venue never had it.
    /// </summary>
    private static (Dictionary<(string From, string To), int> Changes, int Released) ShadowChanges(List<(JournalEvent Event, Decision Received)> steps, Book book)
    {
        var engine = new RiskEngine(book);
        var changes = new Dictionary<(string, string), int>();
        int released = 0;
        foreach (var (e, received) in steps)
        {
            switch (e.Kind)
            {
                case JournalEventKind.Order:
                case JournalEventKind.Replace:
                    var shadow = e.Kind == JournalEventKind.Order ? engine.Evaluate(e.Order) : engine.Replace(e.ClientOrderId, e.Order);
                    if (shadow.Code != received.Code)
                    {
                        var key = (Name(received.Code), Name(shadow.Code));
                        changes[key] = changes.GetValueOrDefault(key) + 1;
                    }

                    if (e.Kind == JournalEventKind.Order && shadow.Accepted && !received.Accepted)
                    {
                        engine.Cancel(e.Order.Account, e.Order.ClientOrderId);
                        released++;
                    }

                    break;
                case JournalEventKind.Cancel:
                    engine.Cancel(e.Account, e.ClientOrderId);
                    break;
                case JournalEventKind.Fill:
                    engine.Fill(e.Account, e.ClientOrderId, e.Amount, e.Price);
                    break;
                case JournalEventKind.Mark:
                    engine.SetMark(e.Target, e.Amount);
                    break;
                case JournalEventKind.ImpliedVol:
                    engine.SetImpliedVol(e.Target, e.Amount);
                    break;
                case JournalEventKind.Balance:
                    engine.ChangeBalance(e.Account, e.Target, e.Amount);
                    break;
                case JournalEventKind.KillSwitch:
                    engine.SetKillSwitch(e.Account, e.Flag);
                    break;
                default:
                    throw new InvalidOperationException($"the plain flow has no {e.Kind}");
            }
        }

        return (changes, released);

        static string Name(RejectCode code) => code == RejectCode.None ? "Accepted" : code.ToString();
    }

    private static (int Code, string Stdout, string Stderr) Replay(string journal, string? parameters = null, bool summaryOnly = false, string? book = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int code = ReplayCommand.Run(new ReplaySettings(journal, book, parameters, summaryOnly), stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static byte[] ReplayBytes(string journal, string parameters)
    {
        using var stdout = new MemoryStream();
        Assert.Equal(0, ReplayCommand.Run(new ReplaySettings(journal, null, parameters, SummaryOnly: false), stdout, TextWriter.Null));
        return stdout.ToArray();
    }

    private static (List<JournalEvent> Events, JournalEnd End) ReadAll(string directory)
    {
        using var reader = new JournalReader(directory);
        var events = new List<JournalEvent>();
        while (reader.TryRead(out _, out var e))
        {
            events.Add(e);
        }

        Assert.True(reader.End.IsClean, reader.End.ToString());
        return (events, reader.End);
    }

    private static string[] Lines(string stdout) => stdout.TrimEnd('\n').Split('\n');

    /// <summary>The <c>key=number</c> fields of a summary line; the first key keeps its prefix (<c>summary events</c>).</summary>
    private static Dictionary<string, long> Fields(string line) =>
        SummaryField().Matches(line).ToDictionary(m => m.Groups["key"].Value, m => long.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    private string WriteParams(string json)
    {
        string path = Path.Combine(_journals.NewDirectory("params"), "params.json");
        File.WriteAllText(path, json);
        return path;
    }

    [GeneratedRegex("""^seq=\d+ time=\S+ kind=(Order|Replace) account=(?<account>\S+) order=(?<order>\d+)( replaces=\d+)? instrument=(?<instrument>\S+) side=\w+ type=\w+ qty=\S+ price=\S+ decision=(?<decision>\w+)( figures="(?<figures>[^"]*)")?$""")]
    private static partial Regex OrderLine();

    [GeneratedRegex("""^shadow change (?<from>\w+)->(?<to>\w+) count=(?<count>\d+)$""")]
    private static partial Regex ChangeLine();

    [GeneratedRegex("""(?<key>(summary )?\w+)=(?<value>\d+)""")]
    private static partial Regex SummaryField();
}
