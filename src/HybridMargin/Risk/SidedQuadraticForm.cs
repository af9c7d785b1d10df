using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HybridMargin.Numerics;

namespace HybridMargin.Risk;

/// <summary>
/// xᵀMx maintained incrementally for three exposure vectors of one account — positions (side 0), open buys
/// (side 1) and open sells (side 2) — so that the quadratic form of "positions + one side + an order" costs
/// O(order's non-zeros) instead of O(d²). Keeps w_s = M·x_s and the five scalars x_pᵀMx_p, x_bᵀMx_b,
/// x_sᵀMx_s, x_pᵀMx_b, x_pᵀMx_s. A change of one component costs one SIMD y += αx over d.
/// </summary>
internal sealed class SidedQuadraticForm
{
    private readonly double[] _matrix;
    private readonly int _dimension;
    private readonly double[][] _x;
    private readonly double[][] _w;
    private double _pp;
    private double _bb;
    private double _ss;
    private double _pb;
    private double _ps;

    // Rounding of the incremental scalars grows with the gross exposure traded through them; rebuilding after a
    // fixed number of updates bounds it (amortised O(d²/4096) per update) and, being count-based, replays identically.
    private const int RebuildInterval = 4096;
    private int _updatesSinceRebuild;

    // Set when a non-finite delta reached the exposures (a fill while a mark was missing): the scalars are
    // then meaningless until Rebuild, and Combined reports NaN so evaluation fails closed.
    private bool _stale;

    public SidedQuadraticForm(double[] matrix, int dimension)
    {
        // Rebuild reads M without bounds checks.
        if (dimension < 0 || matrix.Length < dimension * dimension)
        {
            throw new ArgumentException($"the matrix has {matrix.Length} elements; a {dimension}×{dimension} form needs {dimension * dimension}", nameof(matrix));
        }

        _matrix = matrix;
        _dimension = dimension;
        _x = [new double[dimension], new double[dimension], new double[dimension]];
        _w = [new double[dimension], new double[dimension], new double[dimension]];
    }

    public int Dimension => _dimension;

    /// <summary>Component k of side s's exposure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Exposure(int side, int k) => _x[side][k];

    public ReadOnlySpan<double> Exposures(int side) => _x[side];

    /// <summary>x_s[k] += delta.</summary>
    public void Add(int side, int k, double delta)
    {
        if (delta == 0)
        {
            return;
        }

        if (!double.IsFinite(delta))
        {
            _x[side][k] += delta;
            _stale = true;
            return;
        }

        var row = QuadraticForm.Row(_matrix, _dimension, k);
        double mkk = row[k];
        switch (side)
        {
            case 0:
                _pp += (2 * delta * _w[0][k]) + (delta * delta * mkk);
                _pb += delta * _w[1][k];
                _ps += delta * _w[2][k];
                break;
            case 1:
                _bb += (2 * delta * _w[1][k]) + (delta * delta * mkk);
                _pb += delta * _w[0][k];
                break;
            default:
                _ss += (2 * delta * _w[2][k]) + (delta * delta * mkk);
                _ps += delta * _w[0][k];
                break;
        }

        DenseVector.AddScaled(_w[side], delta, row);
        _x[side][k] += delta;
        if (++_updatesSinceRebuild >= RebuildInterval)
        {
            Rebuild();
        }
    }

    /// <summary>
    /// x_s[k] = value without updating M·x or the scalars, for a caller about to <see cref="Rebuild"/>: cheaper than
    /// <see cref="Add"/> when many components change at once. Until the rebuild the form is stale (NaN, fail closed).
    /// </summary>
    public void Assign(int side, int k, double value)
    {
        _x[side][k] = value;
        _stale = true;
    }

    /// <summary>True when <see cref="Rebuild"/> is needed before the scalars mean anything.</summary>
    public bool IsStale => _stale;

    /// <summary>Visits the exposures, cached products and incremental scalars (their rounding is state: replay must match it).</summary>
    public void VisitState(Engine.IStateVisitor visitor)
    {
        for (int s = 0; s < 3; s++)
        {
            visitor.Values("form.x", _x[s]);
            visitor.Values("form.w", _w[s]);
        }

        visitor.Value("form.pp", ref _pp);
        visitor.Value("form.bb", ref _bb);
        visitor.Value("form.ss", ref _ss);
        visitor.Value("form.pb", ref _pb);
        visitor.Value("form.ps", ref _ps);
        visitor.Value("form.updates", ref _updatesSinceRebuild);
        visitor.Value("form.stale", ref _stale);
    }

    /// <summary>(x_p + x_c)ᵀM(x_p + x_c) for combination c: 0 positions only, 1 with open buys, 2 with open sells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Combined(int combination) => _stale ? double.NaN : combination switch
    {
        0 => _pp,
        1 => _pp + (2 * _pb) + _bb,
        _ => _pp + (2 * _ps) + _ss,
    };

    /// <summary>
    /// (x_p + x_c + δ)ᵀM(x_p + x_c + δ) where δ has (up to) three entries; unused entries pass a zero delta.
    /// Indices may repeat: every term is bilinear.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double CombinedWith(int combination, int k1, double d1, int k2, double d2, int k3, double d3)
    {
        double value = Combined(combination);
        value += 2 * ((d1 * CombinedW(combination, k1)) + (d2 * CombinedW(combination, k2)) + (d3 * CombinedW(combination, k3)));
        value += (d1 * d1 * M(k1, k1)) + (d2 * d2 * M(k2, k2)) + (d3 * d3 * M(k3, k3));
        value += 2 * ((d1 * d2 * M(k1, k2)) + (d1 * d3 * M(k1, k3)) + (d2 * d3 * M(k2, k3)));
        return value;
    }

    /// <summary>Writes x_p + x_c into <paramref name="destination"/>.</summary>
    public void CopyCombined(int combination, Span<double> destination)
    {
        _x[0].CopyTo(destination);
        if (combination != 0)
        {
            DenseVector.AddScaled(destination, 1, _x[combination]);
        }
    }

    /// <summary>Writes M·(x_p + x_c) = w_p + w_c into <paramref name="destination"/>.</summary>
    public void CopyCombinedProduct(int combination, Span<double> destination)
    {
        _w[0].CopyTo(destination);
        if (combination != 0)
        {
            DenseVector.AddScaled(destination, 1, _w[combination]);
        }
    }

    /// <summary>Recomputes w and the scalars from the exposures, discarding accumulated rounding.</summary>
    public void Rebuild()
    {
        // M is symmetric, so M·x = Σ_k x_k·row_k over the k where some side's x_k is non-zero: an account's exposures
        // touch few of the 2n factors, and this runs for every exposed account on every mark tick. The three sides'
        // sums share the rows and stay in registers, a column block at a time (a zero weight adds nothing: M is finite
        // and the sums start at +0).
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(_x[0]);
        ref double x1 = ref MemoryMarshal.GetArrayDataReference(_x[1]);
        ref double x2 = ref MemoryMarshal.GetArrayDataReference(_x[2]);
        ref double w0 = ref MemoryMarshal.GetArrayDataReference(_w[0]);
        ref double w1 = ref MemoryMarshal.GetArrayDataReference(_w[1]);
        ref double w2 = ref MemoryMarshal.GetArrayDataReference(_w[2]);
        ref double m = ref MemoryMarshal.GetArrayDataReference(_matrix);
        nuint d = (nuint)_dimension;
        nuint j = 0;
        for (; j + (nuint)Vector512<double>.Count <= d && Vector512.IsHardwareAccelerated; j += (nuint)Vector512<double>.Count)
        {
            var p = Vector512<double>.Zero;
            var b = Vector512<double>.Zero;
            var s = Vector512<double>.Zero;
            for (nuint k = 0; k < d; k++)
            {
                double xp = Unsafe.Add(ref x0, k);
                double xb = Unsafe.Add(ref x1, k);
                double xs = Unsafe.Add(ref x2, k);
                if (xp != 0 || xb != 0 || xs != 0)
                {
                    var row = Vector512.LoadUnsafe(ref m, (k * d) + j);
                    p = Vector512.FusedMultiplyAdd(Vector512.Create(xp), row, p);
                    b = Vector512.FusedMultiplyAdd(Vector512.Create(xb), row, b);
                    s = Vector512.FusedMultiplyAdd(Vector512.Create(xs), row, s);
                }
            }

            p.StoreUnsafe(ref w0, j);
            b.StoreUnsafe(ref w1, j);
            s.StoreUnsafe(ref w2, j);
        }

        for (; j + (nuint)Vector256<double>.Count <= d && Vector256.IsHardwareAccelerated; j += (nuint)Vector256<double>.Count)
        {
            var p = Vector256<double>.Zero;
            var b = Vector256<double>.Zero;
            var s = Vector256<double>.Zero;
            for (nuint k = 0; k < d; k++)
            {
                double xp = Unsafe.Add(ref x0, k);
                double xb = Unsafe.Add(ref x1, k);
                double xs = Unsafe.Add(ref x2, k);
                if (xp != 0 || xb != 0 || xs != 0)
                {
                    var row = Vector256.LoadUnsafe(ref m, (k * d) + j);
                    p = Vector256.FusedMultiplyAdd(Vector256.Create(xp), row, p);
                    b = Vector256.FusedMultiplyAdd(Vector256.Create(xb), row, b);
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(xs), row, s);
                }
            }

            p.StoreUnsafe(ref w0, j);
            b.StoreUnsafe(ref w1, j);
            s.StoreUnsafe(ref w2, j);
        }

        for (; j + (nuint)Vector128<double>.Count <= d && Vector128.IsHardwareAccelerated; j += (nuint)Vector128<double>.Count)
        {
            var p = Vector128<double>.Zero;
            var b = Vector128<double>.Zero;
            var s = Vector128<double>.Zero;
            for (nuint k = 0; k < d; k++)
            {
                double xp = Unsafe.Add(ref x0, k);
                double xb = Unsafe.Add(ref x1, k);
                double xs = Unsafe.Add(ref x2, k);
                if (xp != 0 || xb != 0 || xs != 0)
                {
                    var row = Vector128.LoadUnsafe(ref m, (k * d) + j);
                    p = Vector128.FusedMultiplyAdd(Vector128.Create(xp), row, p);
                    b = Vector128.FusedMultiplyAdd(Vector128.Create(xb), row, b);
                    s = Vector128.FusedMultiplyAdd(Vector128.Create(xs), row, s);
                }
            }

            p.StoreUnsafe(ref w0, j);
            b.StoreUnsafe(ref w1, j);
            s.StoreUnsafe(ref w2, j);
        }

        // The same fused steps one lane at a time, so a lane's bits do not depend on which block it fell in.
        for (; j < d; j++)
        {
            double p = 0;
            double b = 0;
            double s = 0;
            for (nuint k = 0; k < d; k++)
            {
                double xp = Unsafe.Add(ref x0, k);
                double xb = Unsafe.Add(ref x1, k);
                double xs = Unsafe.Add(ref x2, k);
                if (xp != 0 || xb != 0 || xs != 0)
                {
                    double row = Unsafe.Add(ref m, (k * d) + j);
                    p = Math.FusedMultiplyAdd(xp, row, p);
                    b = Math.FusedMultiplyAdd(xb, row, b);
                    s = Math.FusedMultiplyAdd(xs, row, s);
                }
            }

            Unsafe.Add(ref w0, j) = p;
            Unsafe.Add(ref w1, j) = b;
            Unsafe.Add(ref w2, j) = s;
        }

        _pp = DenseVector.Dot(_x[0], _w[0]);
        _bb = DenseVector.Dot(_x[1], _w[1]);
        _ss = DenseVector.Dot(_x[2], _w[2]);
        _pb = DenseVector.Dot(_x[0], _w[1]);
        _ps = DenseVector.Dot(_x[0], _w[2]);
        _stale = false;
        _updatesSinceRebuild = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double CombinedW(int combination, int k) => combination == 0 ? _w[0][k] : _w[0][k] + _w[combination][k];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double M(int i, int j) => _matrix[(i * _dimension) + j];
}
