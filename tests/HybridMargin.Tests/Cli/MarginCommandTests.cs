using System.Text.Json;
using HybridMargin.Books;
using HybridMargin.Engine;

namespace HybridMargin.Tests.Cli;

public class MarginCommandTests
{
    private static readonly string SampleBook = Path.Combine(AppContext.BaseDirectory, "samples", "book.json");

    [Fact]
    public void Json_output_has_the_spec_fields_with_the_engine_figures()
    {
        var (code, stdout, stderr) = HmProcess.Run("margin", SampleBook, "--format", "json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var engine = new RiskEngine(BookLoader.Load(SampleBook));
        Assert.Equal(engine.AccountCount, doc.RootElement.GetArrayLength());
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            int a = engine.FindAccount(row.GetProperty("account").GetString()!);
            var f = engine.Figures(a);
            Assert.Equal(f.Equity, row.GetProperty("equity").GetDouble(), 0.01);
            Assert.Equal(f.VarParametric, row.GetProperty("varParametric").GetDouble(), 0.01);
            Assert.Equal(f.EsParametric, row.GetProperty("esParametric").GetDouble(), 0.01);
            Assert.Equal(f.GridLoss, row.GetProperty("gridLoss").GetDouble(), 0.01);
            Assert.Equal(f.MaintenanceMargin, row.GetProperty("maintenanceMargin").GetDouble(), 0.01);
            Assert.Equal(f.InitialMargin, row.GetProperty("initialMargin").GetDouble(), 0.01);
            Assert.Equal(engine.StandaloneInitialMargin(a), row.GetProperty("standaloneInitialMargin").GetDouble(), 0.01);
            Assert.Equal(f.Excess, row.GetProperty("excess").GetDouble(), 0.02);
        }
    }

    [Fact]
    public void Table_output_lists_every_account_with_aligned_columns()
    {
        var (code, stdout, stderr) = HmProcess.Run("margin", SampleBook);

        Assert.True(code == 0, stderr);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("account", lines[0], StringComparison.Ordinal);
        Assert.Equal(2 + 9, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("DEFICIT1", StringComparison.Ordinal) && l.EndsWith("LIQUIDATION", StringComparison.Ordinal));
        // Right-aligned amounts: the "excess" header ends where each excess figure ends.
        int excessEnd = lines[0].IndexOf("excess", StringComparison.Ordinal) + "excess".Length;
        Assert.All(lines.Skip(2), l => Assert.True(char.IsDigit(l[excessEnd - 1]), l));
    }

    [Fact]
    public void Bad_book_exits_non_zero_with_the_json_path_on_stderr()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hm-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, File.ReadAllText(SampleBook).Replace("\"vol\": 0.55", "\"vol\": -0.55", StringComparison.Ordinal));
        try
        {
            var (code, stdout, stderr) = HmProcess.Run("margin", path);

            Assert.NotEqual(0, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Contains("assets[", stderr, StringComparison.Ordinal);
            Assert.Contains(".vol", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_book_file_exits_non_zero_naming_it()
    {
        var (code, _, stderr) = HmProcess.Run("margin", "/nonexistent/book.json");

        Assert.NotEqual(0, code);
        Assert.Contains("/nonexistent/book.json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        var (code, _, stderr) = HmProcess.Run("margin", SampleBook, "--format", "xml");

        Assert.NotEqual(0, code);
        Assert.NotEmpty(stderr);
    }
}
