using HybridMargin.Books;
using HybridMargin.Engine;
using HybridMargin.Risk;

namespace HybridMargin.Recalculation;

/// <summary>
/// What the risk thread copies for a recalculation, into arrays allocated once: balances and derivative positions
/// dense per account, marks, vols, haircuts and the incremental figures. The risk thread fills it (allocating nothing)
/// only while the worker is idle; the worker turns it into a <see cref="StateCapture"/> (allocating on its own thread)
/// before it reports idle again, so one buffer is enough.
/// </summary>
internal sealed class CaptureBuffer
{
    private readonly int _assets;
    private readonly int _instruments;
    private readonly double[] _balances;
    private readonly double[] _positions;
    private readonly double[] _marks;
    private readonly double[] _impliedVols;
    private readonly double[] _vols;
    private readonly double[] _haircuts;
    private readonly double[] _parametricVar;
    private readonly double[] _gridLoss;
    private readonly double[]? _ewmaVols;
    private long _id;
    private long _sequence;
    private long _timestampNanos;

    public CaptureBuffer(int accounts, int assets, int instruments, bool ewma)
    {
        _assets = assets;
        _instruments = instruments;
        _balances = new double[accounts * assets];
        _positions = new double[accounts * instruments];
        _marks = new double[assets];
        _impliedVols = new double[instruments];
        _vols = new double[assets];
        _haircuts = new double[assets];
        _parametricVar = new double[accounts];
        _gridLoss = new double[accounts];
        _ewmaVols = ewma ? new double[assets] : null;
    }

    /// <summary>Copies the engine's state (risk thread; allocates nothing).</summary>
    public void Fill(RiskEngine engine, long id, long sequence, long timestampNanos, EwmaVolatility[]? ewma)
    {
        _id = id;
        _sequence = sequence;
        _timestampNanos = timestampNanos;
        for (int a = 0; a < _parametricVar.Length; a++)
        {
            for (int asset = 0; asset < _assets; asset++)
            {
                _balances[(a * _assets) + asset] = engine.Balance(a, asset);
            }

            for (int i = 0; i < _instruments; i++)
            {
                _positions[(a * _instruments) + i] = engine.Position(a, i);
            }

            var figures = engine.Figures(a);
            _parametricVar[a] = figures.VarParametric;
            _gridLoss[a] = figures.GridLoss;
        }

        for (int asset = 0; asset < _assets; asset++)
        {
            _marks[asset] = engine.Mark(asset);
            _vols[asset] = engine.Vol(asset);
            _haircuts[asset] = engine.Haircut(asset);
            if (_ewmaVols is not null)
            {
                _ewmaVols[asset] = ewma![asset].AnnualVol;
            }
        }

        for (int i = 0; i < _instruments; i++)
        {
            _impliedVols[i] = engine.ImpliedVol(i);
        }
    }

    /// <summary>The capture as the worker computes on it: fresh arrays, holdings as <see cref="RiskEngine.Holdings"/> gives them.</summary>
    public StateCapture ToCapture(Book book)
    {
        int accounts = _parametricVar.Length;
        var holdings = new PortfolioHoldings[accounts];
        for (int a = 0; a < accounts; a++)
        {
            var derivatives = new List<(int Instrument, double Quantity)>();
            for (int i = 0; i < _instruments; i++)
            {
                double quantity = _positions[(a * _instruments) + i];
                if (quantity != 0 && book.Instruments[i].Kind != InstrumentKind.Spot)
                {
                    derivatives.Add((i, quantity));
                }
            }

            holdings[a] = new PortfolioHoldings(_balances.AsSpan(a * _assets, _assets).ToArray(), derivatives);
        }

        return new StateCapture(
            _id,
            _sequence,
            _timestampNanos,
            (double[])_marks.Clone(),
            (double[])_impliedVols.Clone(),
            holdings,
            (double[])_parametricVar.Clone(),
            (double[])_gridLoss.Clone(),
            (double[])_vols.Clone(),
            (double[])_haircuts.Clone(),
            (double[]?)_ewmaVols?.Clone());
    }
}
