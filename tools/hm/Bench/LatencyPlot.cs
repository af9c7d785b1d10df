using System.Globalization;
using System.Net;
using System.Text;
using HdrHistogram;

namespace HybridMargin.Cli.Bench;

/// <summary>Latency by percentile as SVG text: x = percentile on a "nines" log scale, y = latency on a log scale, one line per workload.</summary>
internal static class LatencyPlot
{
    private const double Width = 960;
    private const double Height = 600;
    private const double Left = 90;
    private const double Right = 300;
    private const double Top = 50;
    private const double Bottom = 70;
    private const double MaxNines = 5; // 99.999 %

    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"];

    public static string Svg(string title, IReadOnlyList<(string Name, LongHistogram Histogram)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var inv = CultureInfo.InvariantCulture;
        var curves = new List<(string Name, List<(double X, double Ns)> Points)>();
        foreach (var (name, h) in series)
        {
            var points = new List<(double, double)>();
            long count = h.TotalCount;
            for (double x = 0; x <= MaxNines + 1e-9; x += 0.05)
            {
                // Stop where the percentile asks for more resolution than the samples have.
                if (count < 2 || Math.Pow(10, x) > count)
                {
                    break;
                }

                double percentile = 100 * (1 - Math.Pow(10, -x));
                points.Add((x, Math.Max(1, h.GetValueAtPercentile(percentile))));
            }

            points.Add((Math.Min(MaxNines, Math.Log10(Math.Max(1, count))), Math.Max(1, h.GetMaxValue())));
            curves.Add((name, points));
        }

        var all = curves.SelectMany(c => c.Points).Select(p => p.Ns).DefaultIfEmpty(1000).ToList();
        double lo = Math.Floor(Math.Log10(all.Min()));
        double hi = Math.Ceiling(Math.Log10(all.Max()));
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        double plotW = Width - Left - Right;
        double plotH = Height - Top - Bottom;
        double X(double nines) => Left + (nines / MaxNines * plotW);
        double Y(double ns) => Top + plotH - ((Math.Log10(ns) - lo) / (hi - lo) * plotH);

        var svg = new StringBuilder();
        svg.Append(inv, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">""").AppendLine();
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.Append(inv, $"""<text x="{Left}" y="28" font-size="17" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""").AppendLine();

        // Grid and axes.
        string[] xLabels = ["0", "90", "99", "99.9", "99.99", "99.999"];
        for (int i = 0; i <= (int)MaxNines; i++)
        {
            svg.Append(inv, $"""<line x1="{X(i):F1}" y1="{Top}" x2="{X(i):F1}" y2="{Top + plotH}" stroke="#ddd"/>""").AppendLine();
            svg.Append(inv, $"""<text x="{X(i):F1}" y="{Top + plotH + 20}" text-anchor="middle">{xLabels[i]}</text>""").AppendLine();
        }

        for (int d = (int)lo; d <= (int)hi; d++)
        {
            double y = Y(Math.Pow(10, d));
            svg.Append(inv, $"""<line x1="{Left}" y1="{y:F1}" x2="{Left + plotW}" y2="{y:F1}" stroke="#ccc"/>""").AppendLine();
            svg.Append(inv, $"""<text x="{Left - 8}" y="{y + 4:F1}" text-anchor="end">{Nanos(Math.Pow(10, d))}</text>""").AppendLine();
            for (int k = 2; k < 10 && d < (int)hi; k++)
            {
                double yk = Y(k * Math.Pow(10, d));
                svg.Append(inv, $"""<line x1="{Left}" y1="{yk:F1}" x2="{Left + plotW}" y2="{yk:F1}" stroke="#f0f0f0"/>""").AppendLine();
            }
        }

        svg.Append(inv, $"""<rect x="{Left}" y="{Top}" width="{plotW}" height="{plotH}" fill="none" stroke="#333"/>""").AppendLine();
        svg.Append(inv, $"""<text x="{Left + (plotW / 2)}" y="{Height - 22}" text-anchor="middle">percentile (%), log scale of nines</text>""").AppendLine();
        svg.Append(inv, $"""<text transform="translate(24 {Top + (plotH / 2)}) rotate(-90)" text-anchor="middle">latency (log scale)</text>""").AppendLine();

        for (int c = 0; c < curves.Count; c++)
        {
            string colour = Colours[c % Colours.Length];
            var path = new StringBuilder();
            foreach (var (x, ns) in curves[c].Points)
            {
                path.Append(inv, $"{(path.Length == 0 ? "M" : " L")}{X(x):F1},{Y(ns):F1}");
            }

            svg.Append(inv, $"""<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>""").AppendLine();
            double ly = Top + 10 + (c * 22);
            svg.Append(inv, $"""<line x1="{Left + plotW + 15}" y1="{ly:F1}" x2="{Left + plotW + 40}" y2="{ly:F1}" stroke="{colour}" stroke-width="3"/>""").AppendLine();
            svg.Append(inv, $"""<text x="{Left + plotW + 46}" y="{ly + 4:F1}">{WebUtility.HtmlEncode(curves[c].Name)}</text>""").AppendLine();
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    public static string Nanos(double ns) => ns switch
    {
        >= 1e9 => Inv.F($"{ns / 1e9:G3} s"),
        >= 1e6 => Inv.F($"{ns / 1e6:G3} ms"),
        >= 1e3 => Inv.F($"{ns / 1e3:G3} µs"),
        _ => Inv.F($"{ns:G3} ns"),
    };
}
