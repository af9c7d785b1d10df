using HybridMargin.Engine;

namespace HybridMargin.Fix.Venue;

/// <summary>An order the gate accepted, as passed on to the venue.</summary>
/// <param name="Client">Where the venue reports executions for it.</param>
/// <param name="OrderId">The gate's id of the order (OrderID 37).</param>
/// <param name="Account">Account index.</param>
/// <param name="Instrument">Instrument index.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">Limit or market.</param>
/// <param name="Quantity">Quantity still open.</param>
/// <param name="LimitPrice">Limit price (NaN for market orders).</param>
/// <param name="TimeInForce">TimeInForce (59) as sent, '0' when absent.</param>
public readonly record struct RoutedOrder(
    IVenueClient Client,
    long OrderId,
    int Account,
    int Instrument,
    Side Side,
    OrderType Type,
    double Quantity,
    double LimitPrice,
    byte TimeInForce);
