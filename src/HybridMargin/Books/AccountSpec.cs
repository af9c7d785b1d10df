namespace HybridMargin.Books;

/// <summary>An account as the book describes it at load.</summary>
public sealed record AccountSpec
{
    /// <summary>Position in <see cref="Book.Accounts"/>.</summary>
    public required int Index { get; init; }

    /// <summary>Account id, unique in the book.</summary>
    public required string Id { get; init; }

    /// <summary>Balance per asset index (length = asset count; 0 where the book has none). Negative is a borrow.</summary>
    public required double[] Balances { get; init; }

    /// <summary>Derivative positions, at most one per instrument.</summary>
    public required IReadOnlyList<Position> Positions { get; init; }

    /// <summary>Pre-trade limits.</summary>
    public AccountLimits Limits { get; init; } = new();
}
