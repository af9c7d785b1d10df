using System.Globalization;
using System.Text.Unicode;

namespace HybridMargin.Engine;

/// <summary>
/// The answer to an order: accepted, or rejected with a typed code and the figures behind it. Formatting
/// (<see cref="Text"/>) happens only when asked, so producing a decision allocates nothing.
/// </summary>
public readonly record struct Decision
{
    /// <summary><see cref="RejectCode.None"/> when accepted.</summary>
    public RejectCode Code { get; init; }

    /// <summary>Client order id of the order decided.</summary>
    public long ClientOrderId { get; init; }

    /// <summary>For limit rejects: the offending value (quantity, notional, position, deviation, count, rate, snapshot age in ns).</summary>
    public double Value { get; init; }

    /// <summary>For limit rejects: the limit it broke.</summary>
    public double Limit { get; init; }

    /// <summary>Post-trade figures of the worse side (all open buys or all open sells filled, SPEC §5 check 8); default when the order did not reach check 8.</summary>
    public MarginFigures PostTrade { get; init; }

    /// <summary>Symbol of the underlying whose loss dominates the requirement (margin rejects) or that fails evaluation (fail-closed rejects).</summary>
    public string? Underlying { get; init; }

    /// <summary>True when accepted.</summary>
    public bool Accepted => Code == RejectCode.None;

    /// <summary>Margin required after the order (IM of the worse side).</summary>
    public double Required => PostTrade.InitialMargin;

    /// <summary>Equity available after the order on the worse side.</summary>
    public double Available => PostTrade.Equity;

    /// <summary>One line: the code and its figures, e.g. <c>InsufficientMargin: required=…, available=…, underlying=BTC</c>.</summary>
    public string Text => Code switch
    {
        RejectCode.None => string.Create(CultureInfo.InvariantCulture, $"Accepted: required={Required:F2}, available={Available:F2}"),
        RejectCode.InsufficientMargin => string.Create(CultureInfo.InvariantCulture, $"InsufficientMargin: required={Required:F2}, available={Available:F2}, underlying={Underlying}"),
        RejectCode.NotEvaluable => $"NotEvaluable: {(Underlying is null ? "a risk figure is not finite" : "no usable mark for " + Underlying)}",
        RejectCode.OrderTooLarge or RejectCode.PositionLimit or RejectCode.PriceOutOfBand or RejectCode.TooManyOrders or RejectCode.Throttled or RejectCode.StaleRisk
            => string.Create(CultureInfo.InvariantCulture, $"{Code}: value={Value:G10}, limit={Limit:G10}"),
        RejectCode.JournalFailed => "JournalFailed: the event could not be journalled; the gate refuses everything until restarted",
        _ => Code.ToString(),
    };

    /// <summary>Writes <see cref="Text"/> as UTF-8 without allocating (for wire protocols); false when it does not fit.</summary>
    public bool TryFormatUtf8(Span<byte> destination, out int written)
    {
        var culture = CultureInfo.InvariantCulture;
        return Code switch
        {
            RejectCode.None => Utf8.TryWrite(destination, culture, $"Accepted: required={Required:F2}, available={Available:F2}", out written),
            RejectCode.InsufficientMargin => Utf8.TryWrite(destination, culture, $"InsufficientMargin: required={Required:F2}, available={Available:F2}, underlying={Underlying}", out written),
            RejectCode.NotEvaluable when Underlying is null => Utf8.TryWrite(destination, culture, $"NotEvaluable: a risk figure is not finite", out written),
            RejectCode.NotEvaluable => Utf8.TryWrite(destination, culture, $"NotEvaluable: no usable mark for {Underlying}", out written),
            RejectCode.OrderTooLarge or RejectCode.PositionLimit or RejectCode.PriceOutOfBand or RejectCode.TooManyOrders or RejectCode.Throttled or RejectCode.StaleRisk
                => Utf8.TryWrite(destination, culture, $"{Code}: value={Value:G10}, limit={Limit:G10}", out written),
            RejectCode.JournalFailed => Utf8.TryWrite(destination, culture, $"JournalFailed: the event could not be journalled; the gate refuses everything until restarted", out written),
            _ => Utf8.TryWrite(destination, culture, $"{Code}", out written),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
