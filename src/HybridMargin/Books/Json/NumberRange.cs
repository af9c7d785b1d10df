using System.Globalization;

namespace HybridMargin.Books.Json;

/// <summary>An interval a number of the book must lie in; its text is what an error message quotes.</summary>
internal readonly record struct NumberRange(double Min, bool MinInclusive, double Max, bool MaxInclusive)
{
    public static NumberRange Any { get; } = new(double.NegativeInfinity, true, double.PositiveInfinity, true);

    public static NumberRange Positive { get; } = new(0, false, double.PositiveInfinity, true);

    public static NumberRange NonNegative { get; } = new(0, true, double.PositiveInfinity, true);

    public static NumberRange Correlation { get; } = new(-1, true, 1, true);

    /// <summary>[0, 1): a haircut of 1 would make the collateral worthless and its borrow cost unbounded.</summary>
    public static NumberRange Haircut { get; } = new(0, true, 1, false);

    /// <summary>(0, 1): a confidence of 0 or 1 has an infinite normal quantile.</summary>
    public static NumberRange Confidence { get; } = new(0, false, 1, false);

    public static NumberRange AtLeast(double min) => new(min, true, double.PositiveInfinity, true);

    public bool Contains(double value) =>
        (MinInclusive ? value >= Min : value > Min) && (MaxInclusive ? value <= Max : value < Max);

    public override string ToString()
    {
        if (double.IsPositiveInfinity(Max))
        {
            return (MinInclusive ? ">= " : "> ") + Format(Min);
        }

        return $"in {(MinInclusive ? '[' : '(')}{Format(Min)}, {Format(Max)}{(MaxInclusive ? ']' : ')')}";
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
