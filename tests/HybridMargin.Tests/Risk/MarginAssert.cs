using System.Globalization;
using HybridMargin.Engine;
using HybridMargin.Tests.Reference;

namespace HybridMargin.Tests.Risk;

/// <summary>The largest relative error seen per figure, for the test output.</summary>
internal sealed class ErrorLog
{
    private readonly SortedDictionary<string, double> _worst = new(StringComparer.Ordinal);

    public void Record(string figure, double error)
    {
        lock (_worst)
        {
            _worst[figure] = Math.Max(error, _worst.GetValueOrDefault(figure));
        }
    }

    public double Worst(string figure)
    {
        lock (_worst)
        {
            return _worst.GetValueOrDefault(figure);
        }
    }

    public override string ToString()
    {
        lock (_worst)
        {
            return string.Join(", ", _worst.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:E2}")));
        }
    }
}

/// <summary>Engine figures against the reference: relative error |engine − reference| / max(|reference|, scale).</summary>
internal static class MarginAssert
{
    public const double Tolerance = 1e-9;

    public static double RelativeError(double actual, double expected, double scale = 1) =>
        actual == expected ? 0 : Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), scale);

    public static void Close(double expected, double actual, string what, ErrorLog? log = null, double scale = 1, double tolerance = Tolerance)
    {
        double error = RelativeError(actual, expected, scale);
        log?.Record(what.Split(' ')[0], error);
        if (!(error <= tolerance))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: engine {actual:R}, reference {expected:R}, relative error {error:E3} > {tolerance:E1}"));
        }
    }

    /// <summary>Equity, VaR, ES, grid loss, MM and IM equal; the model add-on is 0 (no background recalculation).</summary>
    public static void Equal(ReferenceFigures expected, MarginFigures actual, string context, ErrorLog? log = null, double scale = 1)
    {
        Close(expected.Equity, actual.Equity, $"Equity of {context}", log, scale);
        Close(expected.VarParametric, actual.VarParametric, $"VaR of {context}", log, scale);
        Close(expected.EsParametric, actual.EsParametric, $"ES of {context}", log, scale);
        Close(expected.GridLoss, actual.GridLoss, $"GridLoss of {context}", log, scale);
        Close(expected.MaintenanceMargin, actual.MaintenanceMargin, $"MM of {context}", log, scale);
        Close(expected.InitialMargin, actual.InitialMargin, $"IM of {context}", log, scale);
        Assert.Equal(0, actual.ModelAddOn);
    }
}
