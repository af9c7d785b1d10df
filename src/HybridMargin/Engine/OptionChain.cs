using HybridMargin.Numerics;
using HybridMargin.Pricing;

namespace HybridMargin.Engine;

/// <summary>
/// The unexpired options on one underlying laid out column by column (strike, √T, discount, right), so a
/// mark tick prices all their Greeks in one pass of <see cref="VectorMath.Black76Greeks"/> instead of one scalar
/// Black-76 (with its native log and exps) per option. Written only by the risk thread.
/// </summary>
internal sealed class OptionChain
{
    private readonly int[] _instruments;
    private readonly double[] _strike;
    private readonly double[] _sqrtYears;
    private readonly double[] _discount;
    private readonly double[] _sign;
    private readonly double[] _vol;
    private readonly double[] _value;
    private readonly double[] _delta;
    private readonly double[] _gamma;
    private readonly double[] _vega;
    private readonly double[] _logMoneyness;

    public OptionChain(ReadOnlySpan<int> instruments, ReadOnlySpan<Black76Contract> contracts)
    {
        _instruments = instruments.ToArray();
        int n = _instruments.Length;
        _strike = new double[n];
        _sqrtYears = new double[n];
        _discount = new double[n];
        _sign = new double[n];
        _vol = new double[n];
        _value = new double[n];
        _delta = new double[n];
        _gamma = new double[n];
        _vega = new double[n];
        _logMoneyness = new double[n];
        for (int slot = 0; slot < n; slot++)
        {
            int i = _instruments[slot];
            _strike[slot] = contracts[i].Strike;
            _sqrtYears[slot] = contracts[i].SqrtYears;
            _discount[slot] = contracts[i].Discount;
            _sign[slot] = contracts[i].Sign;
        }
    }

    /// <summary>Instrument index of each slot.</summary>
    public ReadOnlySpan<int> Instruments => _instruments;

    /// <summary>ln(F/K) per slot at the spot of the last <see cref="Price"/> of that slot (what the grid kernel needs).</summary>
    public ReadOnlySpan<double> LogMoneyness => _logMoneyness;

    /// <summary>
    /// Prices slots [start, start + count) at <paramref name="spot"/> and the instruments' current implied vols (read
    /// here, so the chain holds no state of its own), writes value, delta, gamma and vega per unit into the
    /// per-instrument arrays; the slots' ln(F/K), which their grids need, come from one vector log pass.
    /// </summary>
    public void Price(double spot, int start, int count, ReadOnlySpan<double> impliedVols, Span<double> values, Span<double> deltas, Span<double> gammas, Span<double> vegas)
    {
        for (int slot = start; slot < start + count; slot++)
        {
            _vol[slot] = impliedVols[_instruments[slot]];

            // Black76Contract.Moneyness, term for term.
            _logMoneyness[slot] = spot / _discount[slot] / _strike[slot];
        }

        VectorMath.Log(_logMoneyness.AsSpan(start, count), _logMoneyness.AsSpan(start, count));

        VectorMath.Black76Greeks(
            spot,
            _strike.AsSpan(start, count),
            _sqrtYears.AsSpan(start, count),
            _discount.AsSpan(start, count),
            _sign.AsSpan(start, count),
            _vol.AsSpan(start, count),
            _value.AsSpan(start, count),
            _delta.AsSpan(start, count),
            _gamma.AsSpan(start, count),
            _vega.AsSpan(start, count));
        for (int slot = start; slot < start + count; slot++)
        {
            int i = _instruments[slot];
            values[i] = _value[slot];
            deltas[i] = _delta[slot];
            gammas[i] = _gamma[slot];
            vegas[i] = _vega[slot];
        }
    }
}
