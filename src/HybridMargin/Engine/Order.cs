namespace HybridMargin.Engine;

/// <summary>An order to check. Accounts and instruments are addressed by index (resolve ids once with <see cref="RiskEngine.FindAccount"/> / <see cref="RiskEngine.FindInstrument"/>).</summary>
/// <param name="Account">Account index.</param>
/// <param name="Instrument">Instrument index.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">Limit or market.</param>
/// <param name="Quantity">Quantity in contracts (units for spot), &gt; 0.</param>
/// <param name="LimitPrice">Limit price (ignored for market orders).</param>
/// <param name="ClientOrderId">Client order id, unique among the account's open orders.</param>
/// <param name="TimestampNanos">Event time in Unix nanoseconds: the rate limit uses it, not the wall clock, so replay is deterministic.</param>
public readonly record struct Order(
    int Account,
    int Instrument,
    Side Side,
    OrderType Type,
    double Quantity,
    double LimitPrice,
    long ClientOrderId,
    long TimestampNanos);
