using HybridMargin.Engine;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Fix.Session;

/// <summary>
/// The order fields of a NewOrderSingle (D) or OrderCancelReplaceRequest (G), read straight from the message and
/// checked for presence and format. Values valid in FIX 4.4 that this gate does not support (stop orders, short
/// sells, GTD…) are not format errors: they are reported in <see cref="Unsupported"/> and answered with an
/// ExecutionReport (OrdRejReason 11).
/// </summary>
public ref struct OrderRequest
{

    /// <summary>ClOrdID (11).</summary>
    public ReadOnlySpan<byte> ClOrdId;

    /// <summary>OrigClOrdID (41), replaces only.</summary>
    public ReadOnlySpan<byte> OrigClOrdId;

    /// <summary>Account (1), empty when absent.</summary>
    public ReadOnlySpan<byte> Account;

    /// <summary>Symbol (55).</summary>
    public ReadOnlySpan<byte> Symbol;

    /// <summary>Side (54) as sent (a FIX 4.4 value).</summary>
    public byte Side;

    /// <summary>OrderQty (38).</summary>
    public double Quantity;

    /// <summary>OrdType (40): market or limit when supported.</summary>
    public OrderType Type;

    /// <summary>Price (44); NaN when absent.</summary>
    public double Price;

    /// <summary>TimeInForce (59), '0' (day) when absent.</summary>
    public byte TimeInForce;

    /// <summary>TransactTime (60) in Unix nanoseconds.</summary>
    public long TransactTimeNanos;

    /// <summary>Why a well-formed request cannot be served (unsupported side, type or time in force), else null.</summary>
    public string? Unsupported;

    /// <summary>Reads a D (or, with <paramref name="replace"/>, a G) message; the problem is <see cref="FieldProblem.IsNone"/> when it is well formed.</summary>
    public static FieldProblem Read(FixMessage message, bool replace, out OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(message);
        request = default;
        if (replace && !message.TryGet(FixTag.OrigClOrdId, out request.OrigClOrdId))
        {
            return Missing(FixTag.OrigClOrdId, "OrigClOrdID (41) is required");
        }

        if (!message.TryGet(FixTag.ClOrdId, out request.ClOrdId))
        {
            return Missing(FixTag.ClOrdId, "ClOrdID (11) is required");
        }

        if (!message.TryGet(FixTag.Side, out var side))
        {
            return Missing(FixTag.Side, "Side (54) is required");
        }

        if (!message.TryGet(FixTag.Symbol, out request.Symbol))
        {
            return Missing(FixTag.Symbol, "Symbol (55) is required");
        }

        if (!message.TryGet(FixTag.OrderQty, out var quantity))
        {
            return Missing(FixTag.OrderQty, "OrderQty (38) is required");
        }

        if (!message.TryGet(FixTag.OrdType, out var type))
        {
            return Missing(FixTag.OrdType, "OrdType (40) is required");
        }

        if (!message.TryGet(FixTag.TransactTime, out var transactTime))
        {
            return Missing(FixTag.TransactTime, "TransactTime (60) is required");
        }

        if (!IsDefinedSide(side))
        {
            return new FieldProblem(5, FixTag.Side, "Side (54) value is not defined");
        }

        if (!FixValue.TryParseDecimal(quantity, out request.Quantity))
        {
            return new FieldProblem(6, FixTag.OrderQty, "OrderQty (38) is not a number");
        }

        if (type.Length != 1 || type[0] is not ((>= (byte)'1' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'Q')))
        {
            return new FieldProblem(5, FixTag.OrdType, "OrdType (40) value is not defined");
        }

        request.Price = double.NaN;
        if (message.TryGet(FixTag.Price, out var price) && !FixValue.TryParseDecimal(price, out request.Price))
        {
            return new FieldProblem(6, FixTag.Price, "Price (44) is not a number");
        }

        if (price.IsEmpty && type[0] == (byte)'2')
        {
            return Missing(FixTag.Price, "Price (44) is required for a limit order");
        }

        request.TimeInForce = (byte)'0';
        if (message.TryGet(FixTag.TimeInForce, out var tif))
        {
            if (tif.Length != 1 || tif[0] is < (byte)'0' or > (byte)'7')
            {
                return new FieldProblem(5, FixTag.TimeInForce, "TimeInForce (59) value is not defined");
            }

            request.TimeInForce = tif[0];
        }

        if (!FixTimestamp.TryParse(transactTime, out request.TransactTimeNanos))
        {
            return new FieldProblem(6, FixTag.TransactTime, "TransactTime (60) is not a UTCTimestamp");
        }

        request.Account = message.Get(FixTag.Account);
        request.Side = side[0];
        request.Type = type[0] == (byte)'1' ? OrderType.Market : OrderType.Limit;
        // Formatted only on this rare path, so a served order still allocates nothing.
        request.Unsupported = type[0] is not ((byte)'1' or (byte)'2') ? $"OrdType {(char)type[0]} is not supported (1 market, 2 limit)"
            : request.Side is not ((byte)'1' or (byte)'2') ? $"Side {(char)request.Side} is not supported (1 buy, 2 sell)"
            : request.TimeInForce is not ((byte)'0' or (byte)'1' or (byte)'3' or (byte)'4') ? $"TimeInForce {(char)request.TimeInForce} is not supported (0 day, 1 GTC, 3 IOC, 4 FOK)"
            : null;
        return default;
    }

    /// <summary>Whether <paramref name="side"/> is a Side (54) value of FIX 4.4.</summary>
    public static bool IsDefinedSide(ReadOnlySpan<byte> side) => side.Length == 1 && side[0] is (>= (byte)'1' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'G');

    private static FieldProblem Missing(int tag, string text) => new(1, tag, text);
}
