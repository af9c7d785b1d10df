namespace HybridMargin.Engine;

/// <summary>Why an order or an operation was refused (SPEC §5). <see cref="None"/> means accepted.</summary>
public enum RejectCode : byte
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Check 1: the account index is not in the book.</summary>
    UnknownAccount,

    /// <summary>Check 1: the instrument index is not in the book.</summary>
    UnknownInstrument,

    /// <summary>Check 2: quantity, price, side or type invalid, or the instrument has expired.</summary>
    InvalidOrder,

    /// <summary>Check 2b: the client order id is already used by an open order of the account.</summary>
    DuplicateOrder,

    /// <summary>Check 3: the account's kill switch is on.</summary>
    AccountDisabled,

    /// <summary>Check 4: the account is in liquidation and the order does not reduce its position.</summary>
    ReduceOnly,

    /// <summary>Check 5: quantity or notional above the account's limit.</summary>
    OrderTooLarge,

    /// <summary>Check 5b: the position with open orders and this one would exceed the instrument's limit.</summary>
    PositionLimit,

    /// <summary>Check 6: limit price too far from the mark.</summary>
    PriceOutOfBand,

    /// <summary>Check 7: too many open orders.</summary>
    TooManyOrders,

    /// <summary>Check 7: order rate above the limit.</summary>
    Throttled,

    /// <summary>Check 8: equity below the initial margin after the order.</summary>
    InsufficientMargin,

    /// <summary>Fail closed: a mark is missing or a figure is not finite, so the order cannot be evaluated.</summary>
    NotEvaluable,

    /// <summary>A cancel, replace or fill names no open order.</summary>
    UnknownOrder,

    /// <summary>The gate's ring was full: the order was not queued (answered at once, never dropped silently).</summary>
    Saturated,

    /// <summary>The gate is stopped (or its risk stage failed): nothing is evaluated.</summary>
    GateStopped,

    /// <summary>No risk snapshot has been adopted within the configured age: risk-increasing orders fail closed.</summary>
    StaleRisk,

    /// <summary>An operation's argument is out of range (a fill quantity above the open quantity, a non-finite price or vol).</summary>
    InvalidInput,

    /// <summary>The journal could not record the event (for example, the disk is full): the gate fails closed and refuses everything until it is restarted on a working journal.</summary>
    JournalFailed,
}
