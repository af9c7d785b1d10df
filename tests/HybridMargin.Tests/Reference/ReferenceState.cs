using HybridMargin.Books;

namespace HybridMargin.Tests.Reference;

/// <summary>A derivative holding: signed contracts and, for futures and perpetuals, the cost Σ q·m·price of the fills that built it.</summary>
internal readonly record struct Holding(double Quantity, double Cost);

/// <summary>
/// One account's state and the market it is valued in: the input of <see cref="ReferenceMargin"/>. Static data
/// (haircuts, ranges, multipliers, strikes…) comes from the <see cref="Book"/>.
/// </summary>
internal sealed class ReferenceState
{
    public ReferenceState(double[] marks, double[] impliedVols, double[] balances, IEnumerable<KeyValuePair<int, Holding>>? derivatives = null)
    {
        Marks = marks;
        ImpliedVols = impliedVols;
        Balances = balances;
        Derivatives = new SortedDictionary<int, Holding>();
        foreach (var (instrument, holding) in derivatives ?? [])
        {
            Derivatives[instrument] = holding;
        }
    }

    /// <summary>USD mark per asset.</summary>
    public double[] Marks { get; }

    /// <summary>Implied vol per instrument (read for options only).</summary>
    public double[] ImpliedVols { get; }

    /// <summary>Balance per asset; negative is a borrow.</summary>
    public double[] Balances { get; }

    /// <summary>Futures, perpetual and option holdings by instrument index (spot lives in <see cref="Balances"/>).</summary>
    public SortedDictionary<int, Holding> Derivatives { get; }

    /// <summary>The account as the book loads it: load-time marks and vols; a future's cost is q·m·entry, an option's premium is already in the balances.</summary>
    public static ReferenceState FromBook(Book book, int account)
    {
        var spec = book.Accounts[account];
        var state = new ReferenceState(
            book.Assets.Select(a => a.Price).ToArray(),
            book.Instruments.Select(i => i.ImpliedVol).ToArray(),
            (double[])spec.Balances.Clone());
        foreach (var position in spec.Positions)
        {
            var instrument = book.Instruments[position.Instrument];
            double cost = instrument.Kind == InstrumentKind.Option ? 0 : position.Quantity * instrument.Multiplier * position.EntryPrice;
            state.Derivatives[position.Instrument] = new Holding(position.Quantity, cost);
        }

        return state;
    }

    /// <summary>A deep copy.</summary>
    public ReferenceState Clone() =>
        new((double[])Marks.Clone(), (double[])ImpliedVols.Clone(), (double[])Balances.Clone(), Derivatives);

    /// <summary>
    /// A trade of <paramref name="signedQuantity"/> (buys positive) at <paramref name="price"/>: spot moves the
    /// underlying and quote balances; an option moves its holding and pays the premium q·m·price from the quote
    /// balance; a future or perpetual moves its holding and adds q·m·price to its cost. Prices are USD: the
    /// cash leg is price / <paramref name="quoteMark"/> units of the quote asset.
    /// </summary>
    public void Trade(Book book, int instrument, double signedQuantity, double price, double quoteMark = 1.0)
    {
        var terms = book.Instruments[instrument];
        double q = signedQuantity;
        double m = terms.Multiplier;
        Derivatives.TryGetValue(instrument, out var held);
        switch (terms.Kind)
        {
            case InstrumentKind.Spot:
                Balances[terms.Underlying] += q;
                Balances[terms.Quote] += -q * (price / quoteMark);
                break;
            case InstrumentKind.Option:
                Derivatives[instrument] = held with { Quantity = held.Quantity + q };
                Balances[terms.Quote] += -(q * m) * (price / quoteMark);
                break;
            default:
                Derivatives[instrument] = new Holding(held.Quantity + q, held.Cost + (q * m * price));
                break;
        }
    }
}
