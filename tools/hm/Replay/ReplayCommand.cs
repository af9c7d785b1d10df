using System.CommandLine;
using System.Text;
using HybridMargin.Books;
using HybridMargin.Journal;

namespace HybridMargin.Cli.Replay;

/// <summary>
/// <c>hm replay JOURNAL [--book BOOK] [--params FILE] [--summary-only]</c> (issue 7): the decision log of a journal —
/// every event with its decision and figures, the audit trail — and, with <c>--params</c>, a shadow run of the same
/// events under other risk parameters or limits with the decisions that would change. Exit codes: 0 the journal ends
/// cleanly; 1 it stops at a torn or corrupted record (everything before it is replayed and printed, and the last
/// line says where and why it stopped); 2 an input cannot be used (nothing or only part of the log is printed).
/// </summary>
internal static class ReplayCommand
{
    /// <summary>Exit code when the journal stops at a torn or corrupted record.</summary>
    public const int NotClean = 1;

    /// <summary>Exit code when an input cannot be used.</summary>
    public const int BadInput = 2;

    public static Command Create()
    {
        var journal = new Argument<string>("journal") { Description = "The journal directory (journal-NNNNNN.hmj files) of a gate." };
        var book = new Option<string?>("--book") { Description = "The book the gate ran on (the journal does not record it). Default: the embedded sample book, as hm demo uses." };
        var parameters = new Option<string?>("--params")
        {
            Description = "JSON overrides for a shadow run: {\"parameters\": {…the book's parameters members…}, \"limits\": {\"ACCOUNT\": {…the book's limits members…}}}; prints the decisions that would change.",
        };
        var summaryOnly = new Option<bool>("--summary-only") { Description = "Leave out the line per event: only the summary, the shadow's comparison and the journal's end." };
        var command = new Command("replay", "Replay a gate's journal: the decision log (audit trail) and, with --params, a shadow run under other parameters.")
        {
            journal, book, parameters, summaryOnly,
        };
        command.SetAction(parse =>
        {
            var settings = new ReplaySettings(parse.GetValue(journal)!, parse.GetValue(book), parse.GetValue(parameters), parse.GetValue(summaryOnly));
            using var stdout = Console.OpenStandardOutput();
            return Run(settings, stdout, Console.Error);
        });
        return command;
    }

    /// <summary>Runs the replay, writing the log to <paramref name="output"/> and errors and warnings to <paramref name="error"/>.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(ReplaySettings settings, Stream output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);
        var lines = new Utf8Lines(output);
        JournalEnd end;
        try
        {
            CheckJournal(settings.Journal);
            (var book, byte[] bookJson) = LoadBook(settings.BookPath);
            ShadowRun? shadow = null;
            if (settings.ParamsPath is { } paramsPath)
            {
                var shadowBook = ParameterOverrides.Load(paramsPath, book).ApplyTo(bookJson);
                shadow = new ShadowRun(shadowBook, BookDifferences.Describe(book, shadowBook));
            }

            end = ReplayRun.Execute(settings.Journal, book, settings.BookPath ?? "sample", shadow, settings.SummaryOnly, lines);
        }
        catch (ReplayInputException e)
        {
            // What was replayed before the event that does not fit the book is still worth reading.
            lines.Flush();
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines.Flush();
            error.WriteLine($"error: {settings.Journal}: {e.Message}");
            return BadInput;
        }

        if (end.IsClean)
        {
            return 0;
        }

        error.WriteLine($"warning: the journal stops at a torn or corrupted record ({end.Reason} in {Path.GetFileName(end.File)} at offset {end.Offset}, after seq={end.LastGoodSequence}); nothing after it was replayed");
        return NotClean;
    }

    private static void CheckJournal(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ReplayInputException(File.Exists(directory)
                ? $"{directory}: is a file; give the journal's directory"
                : $"{directory}: no such journal directory");
        }

        if (JournalFile.List(directory).Count == 0)
        {
            throw new ReplayInputException($"{directory}: no journal files ({JournalFile.FileName(1)}, …) in the directory");
        }
    }

    /// <summary>The book and its JSON (the shadow's overrides are merged into the JSON).</summary>
    private static (Book Book, byte[] Json) LoadBook(string? path)
    {
        try
        {
            byte[] json = path is null ? Encoding.UTF8.GetBytes(BookLoader.SampleJson()) : File.ReadAllBytes(path);
            return (BookLoader.Parse(json), json);
        }
        catch (Exception e) when (e is BookException or IOException or UnauthorizedAccessException)
        {
            throw new ReplayInputException($"{path}: {e.Message}", e);
        }
    }
}
