namespace HybridMargin.Books;

/// <summary>A derivative position at load: signed quantity and entry price.</summary>
/// <param name="Instrument">Index into <see cref="Book.Instruments"/> (never a spot instrument: spot lives in balances).</param>
/// <param name="Quantity">Signed quantity in contracts.</param>
/// <param name="EntryPrice">Entry price; required for futures and perpetuals, informational (may be NaN) for options.</param>
public readonly record struct Position(int Instrument, double Quantity, double EntryPrice);
