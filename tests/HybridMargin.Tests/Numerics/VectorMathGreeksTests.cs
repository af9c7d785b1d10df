using HybridMargin.Books;
using HybridMargin.Numerics;
using HybridMargin.Pricing;

namespace HybridMargin.Tests.Numerics;

public class VectorMathGreeksTests
{
    public static TheoryData<int> Lengths() => VectorMathTests.Lengths();

    /// <summary>Contracts on one underlying at spot 3600: strikes 0.2–5×S, T 1e-4–5 y, vols 1–300 %, rates −1 %–8 %, calls and puts.</summary>
    private sealed class Contracts
    {
        public Contracts(int n, int seed)
        {
            var rng = new Random(seed);
            Rights = new OptionRight[n];
            Years = new double[n];
            Rates = new double[n];
            Strike = new double[n];
            SqrtYears = new double[n];
            Discount = new double[n];
            Sign = new double[n];
            Vol = new double[n];
            for (int i = 0; i < n; i++)
            {
                Rights[i] = rng.Next(2) == 0 ? OptionRight.Call : OptionRight.Put;
                Years[i] = Math.Exp(Math.Log(1e-4) + (rng.NextDouble() * Math.Log(5 / 1e-4)));
                Rates[i] = -0.01 + (0.09 * rng.NextDouble());
                Strike[i] = Spot * Math.Exp(Math.Log(0.2) + (rng.NextDouble() * Math.Log(25)));
                Vol[i] = 0.01 * Math.Pow(300, rng.NextDouble());
                var contract = new Black76Contract(Rights[i], Strike[i], Years[i], Rates[i]);
                SqrtYears[i] = contract.SqrtYears;
                Discount[i] = contract.Discount;
                Sign[i] = contract.Sign;
            }
        }

        public const double Spot = 3600;

        public OptionRight[] Rights { get; }

        public double[] Years { get; }

        public double[] Rates { get; }

        public double[] Strike { get; }

        public double[] SqrtYears { get; }

        public double[] Discount { get; }

        public double[] Sign { get; }

        public double[] Vol { get; }

        public (double[] Value, double[] Delta, double[] Gamma, double[] Vega) Price(int start, int length)
        {
            var result = (new double[length], new double[length], new double[length], new double[length]);
            VectorMath.Black76Greeks(
                Spot,
                Strike.AsSpan(start, length),
                SqrtYears.AsSpan(start, length),
                Discount.AsSpan(start, length),
                Sign.AsSpan(start, length),
                Vol.AsSpan(start, length),
                result.Item1,
                result.Item2,
                result.Item3,
                result.Item4);
            return result;
        }
    }

    // Relative 1e-12 with an absolute floor scaled to the Greek's magnitude for this contract (its value is K-sized,
    // delta ≤ 1, gamma ~ 1/(S·σ√T), vega ~ S·√T): near zero a Greek is the small difference of larger terms.
    private static void Close(double expected, double actual, double floor, string what) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-12 * Math.Abs(expected)) + floor, $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Greeks_match_the_scalar_Black76_at_every_length(int n)
    {
        var contracts = new Contracts(n, 1234 + n);
        var (value, delta, gamma, vega) = contracts.Price(0, n);
        for (int i = 0; i < n; i++)
        {
            var expected = Black76.Greeks(contracts.Rights[i], Contracts.Spot, contracts.Strike[i], contracts.Years[i], contracts.Vol[i], contracts.Rates[i]);
            double sigmaSqrtT = contracts.Vol[i] * contracts.SqrtYears[i];
            string what = $"{contracts.Rights[i]} K={contracts.Strike[i]:R} T={contracts.Years[i]:R} σ={contracts.Vol[i]:R}";
            Close(expected.Value, value[i], 1e-14 * contracts.Strike[i], $"value {what}");
            Close(expected.Delta, delta[i], 1e-14, $"delta {what}");
            Close(expected.Gamma, gamma[i], 1e-14 / (Contracts.Spot * sigmaSqrtT), $"gamma {what}");
            Close(expected.Vega, vega[i], 1e-14 * Contracts.Spot * contracts.SqrtYears[i], $"vega {what}");
        }
    }

    [Fact]
    public void A_contract_gets_the_same_bits_whatever_the_batch_length_or_its_position()
    {
        // An implied-vol tick reprices one option alone; a mark tick reprices it with the whole chain.
        const int N = 64;
        var contracts = new Contracts(N + 8, 7);
        var full = contracts.Price(0, N + 8);
        for (int start = 0; start < 8; start++)
        {
            for (int n = 1; n <= N; n++)
            {
                var part = contracts.Price(start, n);
                Assert.True(full.Value.AsSpan(start, n).SequenceEqual(part.Value), $"value: start {start}, length {n}");
                Assert.True(full.Delta.AsSpan(start, n).SequenceEqual(part.Delta), $"delta: start {start}, length {n}");
                Assert.True(full.Gamma.AsSpan(start, n).SequenceEqual(part.Gamma), $"gamma: start {start}, length {n}");
                Assert.True(full.Vega.AsSpan(start, n).SequenceEqual(part.Vega), $"vega: start {start}, length {n}");
            }
        }
    }

    [Fact]
    public void An_expired_contract_is_refused_by_name()
    {
        var contracts = new Contracts(9, 3);
        contracts.SqrtYears[4] = 0;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => contracts.Price(0, 9));

        Assert.Equal("sqrtYears", error.ParamName);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var contracts = new Contracts(9, 3);
        var outputs = new double[8];

        Assert.Throws<ArgumentException>(() => VectorMath.Black76Greeks(
            Contracts.Spot, contracts.Strike, contracts.SqrtYears, contracts.Discount, contracts.Sign, contracts.Vol, outputs, new double[9], new double[9], new double[9]));
    }
}
