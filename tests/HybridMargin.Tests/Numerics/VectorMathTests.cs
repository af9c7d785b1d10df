using System.Runtime.Intrinsics;
using HybridMargin.Numerics;
using HybridMargin.Pricing;

namespace HybridMargin.Tests.Numerics;

public class VectorMathTests
{
    private const double Strike = 3600;

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 256; n++)
        {
            data.Add(n);
        }

        return data;
    }

    private delegate void Kernel(ReadOnlySpan<double> x, Span<double> result);

    private static double Ulp(double v)
    {
        double a = Math.Abs(v);
        return Math.BitIncrement(a) - a;
    }

    // Identical specials (NaN, ±∞, ±0) count as equal; otherwise the distance is measured in units of the reference's last place.
    private static void WithinUlps(double expected, double actual, double ulps, string what)
    {
        if (expected.Equals(actual))
        {
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= ulps * Ulp(expected), $"{what}: expected {expected:R}, got {actual:R}");
    }

    private static void CdfClose(double expected, double actual, double x)
    {
        double error = Math.Abs(expected - actual);
        Assert.True(error <= 1e-14, $"N({x:R}): expected {expected:R}, got {actual:R}");
        Assert.True(expected == 0 ? actual == 0 : error <= 1e-12 * expected, $"N({x:R}): expected {expected:R}, got {actual:R}");
    }

    // Relative 1e-12, with an absolute floor of 1e-14·K where the price is the small difference of two large terms.
    private static void PriceClose(double expected, double actual, double strike, string what) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-12 * Math.Abs(expected)) + (1e-14 * strike), $"{what}: expected {expected:R}, got {actual:R}");

    private static double[] Uniform(Random rng, int n, double lo, double hi)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = lo + ((hi - lo) * rng.NextDouble());
        }

        return v;
    }

    private static double[] LogUniform(Random rng, int n, double lo, double hi)
    {
        var v = Uniform(rng, n, Math.Log(lo), Math.Log(hi));
        for (int i = 0; i < n; i++)
        {
            v[i] = Math.Exp(v[i]);
        }

        return v;
    }

    [Fact]
    public void Simd_hardware_is_accelerated_on_this_machine()
    {
        // The target is an AVX-512 EPYC: lengths ≥ 8 take the Vector512 loop, 4–7 the Vector256 one. Were neither
        // accelerated, every other test here would only be comparing the scalar fallback with itself.
        Assert.True(Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Simd_kernels_match_scalar_references_at_every_length(int n)
    {
        var rng = new Random(1234);
        var expX = Uniform(rng, n, -745, 709);
        var logX = LogUniform(rng, n, 1e-300, 1e300);
        var sqrtX = Uniform(rng, n, 0, 1e6);
        var cdfX = Uniform(rng, n, -38, 9);
        var spot = LogUniform(rng, n, 0.2 * Strike, 5 * Strike);
        var vol = LogUniform(rng, n, 0.01, 3);
        double years = LogUniform(rng, 1, 1e-4, 5)[0];
        double rate = Uniform(rng, 1, -0.01, 0.08)[0];
        var simd = new double[n];
        var scalar = new double[n];

        VectorMath.Exp(expX, simd);
        VectorMath.ExpScalar(expX, scalar);
        for (int i = 0; i < n; i++)
        {
            WithinUlps(scalar[i], simd[i], 4, $"exp({expX[i]:R})");
        }

        VectorMath.Log(logX, simd);
        VectorMath.LogScalar(logX, scalar);
        for (int i = 0; i < n; i++)
        {
            WithinUlps(scalar[i], simd[i], 4, $"log({logX[i]:R})");
        }

        VectorMath.Sqrt(sqrtX, simd);
        VectorMath.SqrtScalar(sqrtX, scalar);
        Assert.Equal(scalar, simd);

        VectorMath.NormalCdf(cdfX, simd);
        VectorMath.NormalCdfScalar(cdfX, scalar);
        for (int i = 0; i < n; i++)
        {
            CdfClose(scalar[i], simd[i], cdfX[i]);
        }

        VectorMath.Black76Call(spot, Strike, years, vol, rate, simd);
        VectorMath.Black76CallScalar(spot, Strike, years, vol, rate, scalar);
        for (int i = 0; i < n; i++)
        {
            PriceClose(scalar[i], simd[i], Strike, $"call S={spot[i]:R} σ={vol[i]:R} T={years:R}");
        }

        VectorMath.Black76Put(spot, Strike, years, vol, rate, simd);
        VectorMath.Black76PutScalar(spot, Strike, years, vol, rate, scalar);
        for (int i = 0; i < n; i++)
        {
            PriceClose(scalar[i], simd[i], Strike, $"put S={spot[i]:R} σ={vol[i]:R} T={years:R}");
        }
    }

    private static IEnumerable<(string Name, Kernel Kernel, double[] Input)> Kernels(int n)
    {
        var rng = new Random(1234);
        yield return ("exp", VectorMath.Exp, Uniform(rng, n, -745, 709));
        yield return ("log", VectorMath.Log, LogUniform(rng, n, 1e-300, 1e300));
        yield return ("sqrt", VectorMath.Sqrt, Uniform(rng, n, 0, 1e6));
        yield return ("cdf", VectorMath.NormalCdf, Uniform(rng, n, -38, 9));
        yield return ("call", (x, r) => VectorMath.Black76Call(x, Strike, 0.25, VolsFor(x), 0.03, r), LogUniform(rng, n, 0.2 * Strike, 5 * Strike));
        yield return ("put", (x, r) => VectorMath.Black76Put(x, Strike, 0.25, VolsFor(x), 0.03, r), LogUniform(rng, n, 0.2 * Strike, 5 * Strike));
    }

    // Vol as a function of spot, so a slice of the spot input carries its own vols wherever it starts.
    private static double[] VolsFor(ReadOnlySpan<double> spot)
    {
        var vol = new double[spot.Length];
        for (int i = 0; i < spot.Length; i++)
        {
            double u = (spot[i] * 0.6180339887) % 1;
            vol[i] = 0.01 * Math.Pow(300, u);
        }

        return vol;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(100)]
    public void Kernels_can_write_their_result_over_their_input(int n)
    {
        foreach (var (name, kernel, input) in Kernels(n))
        {
            var expected = new double[n];
            kernel(input, expected);

            var inPlace = (double[])input.Clone();
            kernel(inPlace, inPlace);

            Assert.True(expected.AsSpan().SequenceEqual(inPlace), name);
        }
    }

    [Fact]
    public void Black76_can_write_its_result_over_the_vol_input()
    {
        var rng = new Random(1234);
        var spot = LogUniform(rng, 37, 0.2 * Strike, 5 * Strike);
        var vol = LogUniform(rng, 37, 0.01, 3);
        var expected = new double[37];
        VectorMath.Black76Put(spot, Strike, 0.5, vol, 0.02, expected);

        VectorMath.Black76Put(spot, Strike, 0.5, vol, 0.02, vol);

        Assert.Equal(expected, vol);
    }

    [Fact]
    public void An_element_gets_the_same_bits_whatever_the_span_length_or_its_position()
    {
        // Monte Carlo batches are ragged; a scenario must not reprice differently because of where it landed.
        const int N = 256;
        foreach (var (name, kernel, input) in Kernels(N + 8))
        {
            var full = new double[N + 8];
            kernel(input, full);
            for (int start = 0; start < 8; start++)
            {
                for (int n = 1; n <= N; n++)
                {
                    var part = new double[n];
                    kernel(input.AsSpan(start, n), part);
                    Assert.True(full.AsSpan(start, n).SequenceEqual(part), $"{name}: start {start}, length {n}");
                }
            }
        }
    }

    [Fact]
    public void Results_do_not_drift_when_the_jit_recompiles_the_kernels()
    {
        // Called from tier-0 code, Vector512.Exp once reached an unfused body and values moved by an ulp when the
        // caller tiered up (30 calls, then a 100 ms delay). This sees a recompilation only if it runs before the
        // kernels are hot, as it does alone; otherwise it passes having compared hot code with itself.
        var kernels = Kernels(264).ToArray();
        var baseline = new double[kernels.Length][];
        for (int k = 0; k < kernels.Length; k++)
        {
            baseline[k] = new double[264];
            kernels[k].Kernel(kernels[k].Input, baseline[k]);
        }

        var result = new double[264];
        for (int round = 0; round < 5; round++)
        {
            for (int call = 0; call < 40; call++)
            {
                for (int k = 0; k < kernels.Length; k++)
                {
                    kernels[k].Kernel(kernels[k].Input, result);
                    Assert.True(baseline[k].AsSpan().SequenceEqual(result), $"{kernels[k].Name}: round {round}, call {call}");
                }
            }

            Thread.Sleep(120);
        }
    }

    [Fact]
    public void Exp_overflows_to_infinity_underflows_to_zero_and_propagates_nan()
    {
        // Eleven elements: the specials land in both the Vector512 loop and the overlapping tail vector.
        double[] x = [-800, 710, double.NaN, double.NegativeInfinity, double.PositiveInfinity, 0, -745.2, 709.78, -745.1, 1, double.NaN];
        var result = new double[x.Length];

        VectorMath.Exp(x, result);

        Assert.Equal(0.0, result[0]);
        Assert.Equal(double.PositiveInfinity, result[1]);
        Assert.True(double.IsNaN(result[2]));
        Assert.Equal(0.0, result[3]);
        Assert.Equal(double.PositiveInfinity, result[4]);
        Assert.Equal(1.0, result[5]);
        Assert.Equal(0.0, result[6]);
        Assert.Equal(Math.Exp(709.78), result[7], Ulp(Math.Exp(709.78)) * 4);
        Assert.Equal(double.Epsilon, result[8]);
        Assert.Equal(Math.E, result[9], 1e-15);
        Assert.True(double.IsNaN(result[10]));
    }

    [Fact]
    public void Log_of_zero_is_negative_infinity_and_of_a_negative_number_is_nan()
    {
        double[] x = [0.0, -0.0, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1, double.Epsilon, -1e-300, Math.E, 0.0];
        var result = new double[x.Length];

        VectorMath.Log(x, result);

        Assert.Equal(double.NegativeInfinity, result[0]);
        Assert.Equal(double.NegativeInfinity, result[1]);
        Assert.True(double.IsNaN(result[2]));
        Assert.True(double.IsNaN(result[3]));
        Assert.Equal(double.PositiveInfinity, result[4]);
        Assert.True(double.IsNaN(result[5]));
        Assert.Equal(0.0, result[6]);
        Assert.Equal(Math.Log(double.Epsilon), result[7], 1e-13);
        Assert.True(double.IsNaN(result[8]));
        Assert.Equal(1.0, result[9], 1e-15);
        Assert.Equal(double.NegativeInfinity, result[10]);
    }

    [Fact]
    public void Normal_cdf_saturates_at_the_infinities_and_propagates_nan()
    {
        double[] x = [double.NegativeInfinity, double.PositiveInfinity, double.NaN, -37.5, 0, 40, -0.0, -37, 8, -7.5, 7.5];
        var result = new double[x.Length];

        VectorMath.NormalCdf(x, result);

        Assert.Equal(0.0, result[0]);
        Assert.Equal(1.0, result[1]);
        Assert.True(double.IsNaN(result[2]));
        Assert.Equal(0.0, result[3]);
        Assert.Equal(0.5, result[4]);
        Assert.Equal(1.0, result[5]);
        Assert.Equal(0.5, result[6]);
        for (int i = 7; i < x.Length; i++)
        {
            CdfClose(NormalDistribution.Cdf(x[i]), result[i], x[i]);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Black76_of_an_expired_option_is_its_intrinsic_value(double years)
    {
        double[] spot = [3000, 3600, 4200, 10, 9000, 3599.5, 3600.5, 1, 7200];
        double[] vol = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        var call = new double[spot.Length];
        var put = new double[spot.Length];

        VectorMath.Black76Call(spot, Strike, years, vol, 0.05, call);
        VectorMath.Black76Put(spot, Strike, years, vol, 0.05, put);

        for (int i = 0; i < spot.Length; i++)
        {
            Assert.Equal(Math.Max(spot[i] - Strike, 0), call[i]);
            Assert.Equal(Math.Max(Strike - spot[i], 0), put[i]);
        }
    }

    [Fact]
    public void Mismatched_lengths_are_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => VectorMath.Exp(new double[8], new double[9]));
        Assert.Throws<ArgumentException>(() => VectorMath.NormalCdf(new double[9], new double[8]));
        Assert.Throws<ArgumentException>(() => VectorMath.Black76Call(new double[8], 1, 1, new double[7], 0, new double[8]));
    }

    [Fact]
    public void A_result_shifted_over_its_input_is_an_argument_error()
    {
        var buffer = new double[20];

        Assert.Throws<ArgumentException>(() => VectorMath.Log(buffer.AsSpan(0, 16), buffer.AsSpan(1, 16)));
        Assert.Throws<ArgumentException>(() => VectorMath.Black76Put(new double[16], 1, 1, buffer.AsSpan(4, 16), 0, buffer.AsSpan(0, 16)));
    }
}
