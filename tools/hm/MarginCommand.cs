using System.CommandLine;
using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Reporting;

namespace HybridMargin.Cli;

/// <summary><c>hm margin BOOK [--format table|json]</c> (SPEC §9).</summary>
internal static class MarginCommand
{
    public static Command Create()
    {
        var book = new Argument<string>("book") { Description = "Path of the book (JSON, SPEC §3)." };
        var format = new Option<string>("--format")
        {
            Description = "table (for people) or json (an array of objects, for scripts).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("margin", "Per-account equity, VaR, ES, grid loss, MM, IM, standalone IM, efficiency and excess.")
        {
            book,
            format,
        };
        command.SetAction(parse => Run(parse.GetValue(book)!, parse.GetValue(format)!));
        return command;
    }

    private static int Run(string bookPath, string format)
    {
        RiskEngine engine;
        try
        {
            engine = new RiskEngine(BookLoader.Load(bookPath));
        }
        catch (BookException e)
        {
            Console.Error.WriteLine($"error: {bookPath}: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: {bookPath}: {e.Message}");
            return 2;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"error: {bookPath}: {e.Message}");
            return 2;
        }

        var rows = MarginReport.Build(engine);
        if (format == "json")
        {
            using var stdout = Console.OpenStandardOutput();
            MarginReport.WriteJson(rows, stdout);
            stdout.Write("\n"u8);
        }
        else
        {
            Console.Write(MarginReport.FormatTable(rows));
        }

        return 0;
    }
}
