using System.Runtime.Intrinsics;

namespace HybridMargin.Pricing;

/// <summary>
/// An underlying's mark with its natural log, taken once per mark: the scenario kernel then needs no log per option,
/// since ln(F/K) = ln S − ln(K·e^{−rT}) and the second term is fixed per contract
/// (<see cref="Black76Contract.LogDiscountedStrike"/>).
/// </summary>
public readonly struct SpotPrice
{
    /// <summary>The mark <paramref name="price"/> and its log (NaN for a missing or non-positive mark).</summary>
    public SpotPrice(double price)
    {
        Price = price;

        // Through a vector lane: a native log here would run after 512-bit code (see Black76Contract).
        Log = Vector128.Log(Vector128.CreateScalar(price)).ToScalar();
    }

    /// <summary>S.</summary>
    public double Price { get; }

    /// <summary>ln S.</summary>
    public double Log { get; }
}
