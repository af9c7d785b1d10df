using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridMargin.Engine;

namespace HybridMargin.Reporting;

/// <summary>Per-account margin figures of an engine's current state, as a table for people or JSON for scripts.</summary>
public static class MarginReport
{
    /// <summary>The figures of every account (positions only; open orders not counted).</summary>
    public static IReadOnlyList<AccountMargin> Build(RiskEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var rows = new List<AccountMargin>(engine.AccountCount);
        for (int a = 0; a < engine.AccountCount; a++)
        {
            var f = engine.Figures(a);
            rows.Add(new AccountMargin(
                engine.Book.Accounts[a].Id,
                f.Equity,
                f.VarParametric,
                f.EsParametric,
                f.GridLoss,
                f.MaintenanceMargin,
                f.InitialMargin,
                engine.StandaloneInitialMargin(a),
                engine.IsInLiquidation(a)));
        }

        return rows;
    }

    /// <summary>A JSON array of objects with the SPEC §9 field names.</summary>
    public static void WriteJson(IReadOnlyList<AccountMargin> rows, Stream output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        foreach (var r in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("account", r.Account);
            writer.WriteNumber("equity", Round(r.Equity));
            writer.WriteNumber("varParametric", Round(r.VarParametric));
            writer.WriteNumber("esParametric", Round(r.EsParametric));
            writer.WriteNumber("gridLoss", Round(r.GridLoss));
            writer.WriteNumber("maintenanceMargin", Round(r.MaintenanceMargin));
            writer.WriteNumber("initialMargin", Round(r.InitialMargin));
            writer.WriteNumber("portfolioInitialMargin", Round(r.InitialMargin));
            writer.WriteNumber("standaloneInitialMargin", Round(r.StandaloneInitialMargin));
            writer.WriteNumber("efficiency", Math.Round(r.Efficiency, 6));
            writer.WriteNumber("excess", Round(r.Excess));
            writer.WriteBoolean("inLiquidation", r.InLiquidation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>An aligned text table, one account per line, amounts in USD without decimals.</summary>
    public static string FormatTable(IReadOnlyList<AccountMargin> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string[] headers = ["account", "equity", "VaR", "ES", "grid loss", "MM", "IM", "standalone IM", "efficiency", "excess", "status"];
        var cells = new List<string[]>();
        foreach (var r in rows)
        {
            cells.Add(
            [
                r.Account, Usd(r.Equity), Usd(r.VarParametric), Usd(r.EsParametric), Usd(r.GridLoss),
                Usd(r.MaintenanceMargin), Usd(r.InitialMargin), Usd(r.StandaloneInitialMargin),
                r.Efficiency.ToString("P1", CultureInfo.InvariantCulture), Usd(r.Excess),
                r.InLiquidation ? "LIQUIDATION" : string.Empty,
            ]);
        }

        var widths = new int[headers.Length];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = Math.Max(headers[c].Length, cells.Count == 0 ? 0 : cells.Max(row => row[c].Length));
        }

        var text = new StringBuilder();
        AppendRow(text, headers, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] row, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < row.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            // The account column reads left to right; amounts line up on the right.
            line.Append(c == 0 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string Usd(double value) => value.ToString("#,##0;-#,##0;0", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 2);
}
