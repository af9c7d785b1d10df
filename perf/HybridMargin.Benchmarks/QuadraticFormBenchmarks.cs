using BenchmarkDotNet.Attributes;
using HybridMargin.Numerics;

namespace HybridMargin.Benchmarks;

/// <summary>
/// xᵀMx for a dense symmetric positive semi-definite M (the variance eᵀΣe of SPEC §4.3): the scalar reference
/// double loop against the SIMD row-dot-product version. The scalar one is the baseline, so Ratio is the speed-up.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class QuadraticFormBenchmarks
{
    private double[] _matrix = null!;
    private double[] _x = null!;

    /// <summary>Dimension: 128 ≈ the 64-asset dense book (2 factors per asset), 256 for headroom.</summary>
    [Params(128, 256)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261124);
        int n = N;

        // M = A·Aᵀ / n with A standard normal: symmetric and positive semi-definite by construction.
        var a = new double[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Gaussian(random);
        }

        _matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += a[(i * n) + k] * a[(j * n) + k];
                }

                _matrix[(i * n) + j] = sum / n;
                _matrix[(j * n) + i] = sum / n;
            }
        }

        // Every component non-zero: the SIMD version skips zero rows, which would flatter it.
        _x = new double[n];
        for (int i = 0; i < n; i++)
        {
            _x[i] = Gaussian(random) + (i % 2 == 0 ? 0.1 : -0.1);
        }

        double simd = QuadraticForm.Evaluate(_matrix, _x);
        double scalar = QuadraticForm.EvaluateScalar(_matrix, _x);
        if (!(scalar > 0) || Math.Abs(simd - scalar) > 1e-9 * Math.Abs(scalar))
        {
            throw new InvalidOperationException($"SIMD {simd} and scalar {scalar} disagree (or the form is not positive)");
        }
    }

    [Benchmark(Baseline = true)]
    public double Scalar() => QuadraticForm.EvaluateScalar(_matrix, _x);

    [Benchmark]
    public double Simd() => QuadraticForm.Evaluate(_matrix, _x);

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − NextDouble() is in (0, 1], so the logarithm is finite.
        double u = 1 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
