using HybridMargin.Numerics;

namespace HybridMargin.Tests.Numerics;

public class DenseVectorTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 256; n++)
        {
            data.Add(n);
        }

        return data;
    }

    private static double[] Random(Random rng, int n, double scale)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (rng.NextDouble() - 0.5) * scale;
        }

        return v;
    }

    // SIMD reorders the additions, so equality is to a tolerance scaled by the magnitude of the terms.
    private static void Close(double expected, double actual, double magnitude) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, magnitude), $"expected {expected}, got {actual}");

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_combination_of_rows_has_the_bits_of_one_axpy_per_row_and_matches_the_scalar_sum(int n)
    {
        var rng = new Random(4321 + n);
        var matrix = Random(rng, 7 * n, 2e3);
        int[] rows = [3, 0, 6, 3, 5];
        var weights = Random(rng, rows.Length, 20);
        var start = Random(rng, n, 2e6);

        var combined = (double[])start.Clone();
        DenseVector.AddCombination(combined, weights, rows, matrix);

        var axpys = (double[])start.Clone();
        for (int j = 0; j < rows.Length; j++)
        {
            DenseVector.AddScaled(axpys, weights[j], matrix.AsSpan(rows[j] * n, n));
        }

        Assert.Equal(axpys, combined);
        for (int i = 0; i < n; i++)
        {
            double scalar = start[i];
            for (int j = 0; j < rows.Length; j++)
            {
                scalar += weights[j] * matrix[(rows[j] * n) + i];
            }

            Close(scalar, combined[i], 2e6);
        }
    }

    [Fact]
    public void A_combination_refuses_a_row_outside_the_matrix()
    {
        var y = new double[4];
        var matrix = new double[12];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DenseVector.AddCombination(y, [1.0, 2.0], [0, 3], matrix));

        Assert.Equal("rows", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Simd_kernels_match_scalar_references_at_every_length(int n)
    {
        var rng = new Random(1234 + n);
        var a = Random(rng, n, 2e6);
        var b = Random(rng, n, 2e3);
        var c = Random(rng, n, 10);
        double magnitude = a.Zip(b).Sum(p => Math.Abs(p.First * p.Second));

        Close(DenseVector.DotScalar(a, b), DenseVector.Dot(a, b), magnitude);
        Close(DenseVector.SumScalar(a), DenseVector.Sum(a), a.Sum(Math.Abs));
        Assert.Equal(DenseVector.MinOfSumScalar(a, b, 3.5, c), DenseVector.MinOfSum(a, b, 3.5, c), 1e-9);

        var y1 = (double[])b.Clone();
        var y2 = (double[])b.Clone();
        DenseVector.AddScaledScalar(y1, -1.25, a);
        DenseVector.AddScaled(y2, -1.25, a);
        for (int i = 0; i < n; i++)
        {
            Close(y1[i], y2[i], Math.Abs(a[i]) * 1.25);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(256)]
    public void Simd_quadratic_form_matches_scalar_reference(int n)
    {
        var rng = new Random(99 + n);
        // A = BᵀB is symmetric PSD, as a covariance is.
        var b = Random(rng, n * n, 1);
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += b[(k * n) + i] * b[(k * n) + j];
                }

                m[(i * n) + j] = s;
            }
        }

        var x = Random(rng, n, 1e6);
        double scalar = QuadraticForm.EvaluateScalar(m, x);
        double simd = QuadraticForm.Evaluate(m, x);
        Assert.True(Math.Abs(scalar - simd) <= 1e-10 * Math.Abs(scalar), $"scalar {scalar}, simd {simd}");

        var y = new double[n];
        QuadraticForm.Multiply(m, x, y);
        Close(scalar, DenseVector.DotScalar(x, y), Math.Abs(scalar));
    }

    [Fact]
    public void Min_of_empty_input_is_positive_infinity()
    {
        Assert.Equal(double.PositiveInfinity, DenseVector.MinOfSum([], [], 1, []));
    }

    [Fact]
    public void Length_mismatch_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => DenseVector.Dot(new double[3], new double[4]));
    }
}
