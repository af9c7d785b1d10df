using System.CommandLine;
using System.Globalization;
using HybridMargin.Books;
using HybridMargin.Journal;

namespace HybridMargin.Cli;

/// <summary>
/// <c>hm recover --journal DIR [--book BOOK] [--state-out FILE]</c>: runs a gate's recovery on a journal directory
/// (newest covered snapshot plus the journal after it; a torn or corrupted tail is set aside), prints what it did,
/// and writes the recovered engine state image for comparison. It recovers through <see cref="JournalRecovery"/>, the
/// code a journalled gate runs when it is built, but builds no gate: a gate would also open the next journal file,
/// and inspecting a journal should not add one.
/// </summary>
internal static class RecoverCommand
{
    public static Command Create()
    {
        var journal = new Option<string>("--journal") { Description = "The journal directory (of hm demo --journal or an embedding gate).", Required = true };
        var book = new Option<string?>("--book") { Description = "The book the journalled gate was built from (default: the embedded sample book)." };
        var stateOut = new Option<string?>("--state-out") { Description = "Write the recovered engine state image (RiskEngine.CaptureState) to this file." };
        var command = new Command("recover", "Recover the gate state from a journal directory, report the recovery, and optionally write the state image.")
        {
            journal,
            book,
            stateOut,
        };
        command.SetAction(parse => Run(parse.GetValue(journal)!, parse.GetValue(book), parse.GetValue(stateOut)));
        return command;
    }

    private static int Run(string directory, string? bookPath, string? stateOut)
    {
        Book book;
        try
        {
            book = bookPath is null ? BookLoader.LoadSample() : BookLoader.Load(bookPath);
        }
        catch (Exception e) when (e is BookException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {bookPath}: {e.Message}");
            return 2;
        }

        // Recovery creates a missing directory (a new gate's journal starts empty); here a missing one is a mistake.
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"error: {directory}: no such journal directory");
            return 1;
        }

        try
        {
            var (engine, report) = JournalRecovery.Recover(book, directory);
            Console.WriteLine($"hm recover: {report}");
            foreach (string rejected in report.RejectedSnapshots)
            {
                Console.WriteLine($"hm recover: snapshot not used: {rejected}");
            }

            if (stateOut is not null)
            {
                byte[] state = engine.CaptureState();
                File.WriteAllBytes(stateOut, state);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hm recover: state image of {state.Length:N0} bytes (CRC-32C {Crc32C.Compute(state):x8}) written to {stateOut}"));
            }

            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {directory}: cannot recover: {e.Message}");
            return 1;
        }
    }
}
