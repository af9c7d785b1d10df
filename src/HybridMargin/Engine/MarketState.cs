using HybridMargin.Books;
using HybridMargin.Pricing;
using HybridMargin.Risk;

namespace HybridMargin.Engine;

/// <summary>
/// Current marks and implied vols, and what the hot path needs precomputed from them: per-unit values and
/// Greeks of every instrument and the weighted scenario-grid P&amp;L vector per contract (and per unit of each
/// asset held as a balance). Written only by the risk thread.
/// </summary>
internal sealed class MarketState
{
    private readonly Book _book;
    private readonly int[][] _instrumentsByUnderlying;
    private readonly Black76Contract[] _contracts;
    private readonly double[] _growth;
    private readonly OptionChain[] _chains;
    private readonly int[] _chainSlot;
    private readonly ScenarioMoves[] _moves;

    // Per instrument (options in a chain only), its grid's vol lanes at the current implied vol (ScenarioGrid.FillOptionLanes).
    private readonly double[] _optionLanes;
    private int _missingMarks;

    /// <summary>Assets without a usable mark (the state image carries it).</summary>
    internal ref int MissingMarks => ref _missingMarks;

    public MarketState(Book book)
    {
        _book = book;
        AssetCount = book.Assets.Count;
        InstrumentCount = book.Instruments.Count;
        Rate = book.Parameters.RiskFreeRate;
        Terms = new InstrumentTerms[InstrumentCount];
        Marks = new double[AssetCount];
        ImpliedVols = new double[InstrumentCount];
        Values = new double[InstrumentCount];
        Deltas = new double[InstrumentCount];
        Gammas = new double[InstrumentCount];
        Vegas = new double[InstrumentCount];
        InstrumentGrid = new double[InstrumentCount * ScenarioGrid.Width];
        SpotGrid = new double[AssetCount * ScenarioGrid.Width];
        ShortOptionMinimum = new double[AssetCount];
        var byUnderlying = new List<int>[AssetCount];
        for (int a = 0; a < AssetCount; a++)
        {
            byUnderlying[a] = [];
            Marks[a] = book.Assets[a].Price;
            ShortOptionMinimum[a] = book.Assets[a].ShortOptionMinimum;
        }

        for (int i = 0; i < InstrumentCount; i++)
        {
            var instrument = book.Instruments[i];
            Terms[i] = new InstrumentTerms(instrument);
            ImpliedVols[i] = instrument.ImpliedVol;
            byUnderlying[instrument.Underlying].Add(i);
        }

        _instrumentsByUnderlying = byUnderlying.Select(l => l.ToArray()).ToArray();

        // What depends only on the book (rate and expiries) is worked out once: the tick path then calls no native exp.
        _contracts = new Black76Contract[InstrumentCount];
        _growth = new double[InstrumentCount];
        _chainSlot = new int[InstrumentCount];
        for (int i = 0; i < InstrumentCount; i++)
        {
            var instrument = book.Instruments[i];
            _contracts[i] = new Black76Contract(instrument.Right, instrument.Strike, instrument.YearsToExpiry, Rate);
            _growth[i] = instrument.Kind == InstrumentKind.Option ? 0 : InstrumentPricer.Value(instrument, 1, 0, Rate);
            _chainSlot[i] = -1;
        }

        _moves = book.Assets.Select(a => new ScenarioMoves(a.PriceRange, a.VolShock)).ToArray();
        _chains = new OptionChain[AssetCount];
        for (int a = 0; a < AssetCount; a++)
        {
            int[] priced = _instrumentsByUnderlying[a].Where(i => Terms[i].IsOption && !Terms[i].Expired).ToArray();
            for (int slot = 0; slot < priced.Length; slot++)
            {
                _chainSlot[priced[slot]] = slot;
            }

            _chains[a] = new OptionChain(priced, _contracts);
        }

        _optionLanes = new double[InstrumentCount * ScenarioGrid.OptionLaneLength];
        RefreshOptionLanes();

        Covariance = FactorCovariance.Build(book.Assets, book.Correlations, book.Parameters.HorizonDays);
        Vols = book.Assets.Select(a => a.Vol).ToArray();
        ReturnVariance = new double[AssetCount];
        for (int a = 0; a < AssetCount; a++)
        {
            ReturnVariance[a] = Covariance[a, a];
            Revalue(a);
        }
    }

    public int AssetCount { get; }

    public int InstrumentCount { get; }

    public double Rate { get; }

    public InstrumentTerms[] Terms { get; }

    public double[] Marks { get; }

    public double[] ImpliedVols { get; }

    /// <summary>Value per unit (S for spot and perpetuals, F for futures, Black-76 for options).</summary>
    public double[] Values { get; }

    public double[] Deltas { get; }

    public double[] Gammas { get; }

    public double[] Vegas { get; }

    /// <summary>Weighted scenario P&amp;L per contract, <see cref="ScenarioGrid.Width"/> per instrument.</summary>
    public double[] InstrumentGrid { get; }

    /// <summary>Weighted scenario P&amp;L per unit of balance, <see cref="ScenarioGrid.Width"/> per asset.</summary>
    public double[] SpotGrid { get; }

    public double[] ShortOptionMinimum { get; }

    /// <summary>Σ_ii of the price-return factors: the gamma term of the P&amp;L mean.</summary>
    public double[] ReturnVariance { get; }

    public FactorCovariance Covariance { get; }

    /// <summary>True while some asset has no usable mark: evaluation then fails closed where it matters.</summary>
    public bool AnyMarkMissing => _missingMarks > 0;

    public bool IsMarkMissing(int asset) => double.IsNaN(Marks[asset]);

    public ReadOnlySpan<int> InstrumentsOn(int asset) => _instrumentsByUnderlying[asset];

    public ReadOnlySpan<double> InstrumentVector(int instrument) => InstrumentGrid.AsSpan(instrument * ScenarioGrid.Width, ScenarioGrid.Width);

    public ReadOnlySpan<double> SpotVector(int asset) => SpotGrid.AsSpan(asset * ScenarioGrid.Width, ScenarioGrid.Width);

    /// <summary>Current annual price vols (the book's until automated parameters replace them).</summary>
    public double[] Vols { get; }

    /// <summary>
    /// Replaces the price vols: Σ and Γ are rebuilt and copied into the arrays the accounts' quadratic forms already
    /// reference (their cached products must then be rebuilt by the caller).
    /// </summary>
    public void SetVols(ReadOnlySpan<double> vols)
    {
        Covariance.Rebuild(_book.Assets, vols, _book.Correlations, _book.Parameters.HorizonDays);
        vols.CopyTo(Vols);
        for (int a = 0; a < AssetCount; a++)
        {
            ReturnVariance[a] = Covariance[a, a];
        }
    }

    /// <summary>Sets a mark; a non-finite or non-positive price marks the asset as missing (fail closed).</summary>
    public void SetMark(int asset, double price)
    {
        bool wasMissing = IsMarkMissing(asset);
        bool missing = !(double.IsFinite(price) && price > 0);
        Marks[asset] = missing ? double.NaN : price;
        _missingMarks += (missing ? 1 : 0) - (wasMissing ? 1 : 0);
        Revalue(asset);
    }

    /// <summary>Sets an option's implied vol (validated by the caller) and revalues it.</summary>
    public void SetImpliedVol(int instrument, double vol)
    {
        ImpliedVols[instrument] = vol;
        if (_chainSlot[instrument] >= 0)
        {
            FillOptionLanes(instrument);
        }

        RevalueInstrument(instrument);
    }

    /// <summary>Rebuilds what the option grids derive from the implied vols (after a state image overwrote them).</summary>
    public void RefreshOptionLanes()
    {
        foreach (var chain in _chains)
        {
            foreach (int i in chain.Instruments)
            {
                FillOptionLanes(i);
            }
        }
    }

    private void Revalue(int asset)
    {
        double spot = Marks[asset];
        ScenarioGrid.FillSpot(spot, _book.Assets[asset].PriceRange, SpotGrid.AsSpan(asset * ScenarioGrid.Width, ScenarioGrid.Width));
        foreach (int i in _instrumentsByUnderlying[asset])
        {
            if (_chainSlot[i] < 0)
            {
                RevalueOutsideChain(i, spot);
            }
        }

        var chain = _chains[asset];
        chain.Price(spot, 0, chain.Instruments.Length, ImpliedVols, Values, Deltas, Gammas, Vegas);
        var instruments = chain.Instruments;
        var logMoneyness = chain.LogMoneyness;
        for (int slot = 0; slot < instruments.Length; slot++)
        {
            FillChainGrid(instruments[slot], spot, logMoneyness[slot]);
        }
    }

    private void RevalueInstrument(int i)
    {
        int underlying = Terms[i].Underlying;
        double spot = Marks[underlying];
        int slot = _chainSlot[i];
        if (slot < 0)
        {
            RevalueOutsideChain(i, spot);
            return;
        }

        _chains[underlying].Price(spot, slot, 1, ImpliedVols, Values, Deltas, Gammas, Vegas);
        FillChainGrid(i, spot, _chains[underlying].LogMoneyness[slot]);
    }

    /// <summary>Instruments linear in S (value S·g, delta g) and expired options (intrinsic value).</summary>
    private void RevalueOutsideChain(int i, double spot)
    {
        ref readonly var terms = ref Terms[i];
        if (terms.IsOption)
        {
            var instrument = _book.Instruments[i];
            var greeks = Black76.Greeks(instrument.Right, spot, instrument.Strike, instrument.YearsToExpiry, ImpliedVols[i], Rate);
            Values[i] = greeks.Value;
            Deltas[i] = greeks.Delta;
            Gammas[i] = greeks.Gamma;
            Vegas[i] = greeks.Vega;
            ScenarioGrid.FillOption(_contracts[i], terms.Multiplier, spot, ImpliedVols[i], _moves[terms.Underlying], InstrumentGrid.AsSpan(i * ScenarioGrid.Width, ScenarioGrid.Width));
            return;
        }

        Values[i] = spot * _growth[i];
        Deltas[i] = _growth[i];
        Gammas[i] = 0;
        Vegas[i] = 0;
        ScenarioGrid.FillLinear(Values[i], terms.Multiplier, _book.Assets[terms.Underlying].PriceRange, InstrumentGrid.AsSpan(i * ScenarioGrid.Width, ScenarioGrid.Width));
    }

    private void FillChainGrid(int i, double spot, double logMoneyness)
    {
        ScenarioGrid.FillOption(_contracts[i], Terms[i].Multiplier, spot, logMoneyness, OptionLanes(i), _moves[Terms[i].Underlying], InstrumentGrid.AsSpan(i * ScenarioGrid.Width, ScenarioGrid.Width));
    }

    private void FillOptionLanes(int i) =>
        ScenarioGrid.FillOptionLanes(_contracts[i], ImpliedVols[i], _moves[Terms[i].Underlying], _optionLanes.AsSpan(i * ScenarioGrid.OptionLaneLength, ScenarioGrid.OptionLaneLength));

    private ReadOnlySpan<double> OptionLanes(int i) => _optionLanes.AsSpan(i * ScenarioGrid.OptionLaneLength, ScenarioGrid.OptionLaneLength);
}
