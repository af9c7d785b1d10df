namespace HybridMargin.Books;

/// <summary>The book's risk parameters (SPEC §3 <c>parameters</c>); defaults are the SPEC's.</summary>
public sealed record RiskParameters
{
    /// <summary>Risk horizon h in calendar days.</summary>
    public double HorizonDays { get; init; } = 1;

    /// <summary>α, the VaR confidence.</summary>
    public double VarConfidence { get; init; } = 0.99;

    /// <summary>β, the expected-shortfall confidence.</summary>
    public double EsConfidence { get; init; } = 0.975;

    /// <summary>IM = MM × this.</summary>
    public double ImMultiplier { get; init; } = 1.3;

    /// <summary>r, continuously compounded.</summary>
    public double RiskFreeRate { get; init; }

    /// <summary>Monte Carlo scenario count of the background recalculation.</summary>
    public int McScenarios { get; init; } = 10_000;

    /// <summary>Monte Carlo seed.</summary>
    public int McSeed { get; init; } = 42;

    /// <summary>τ = h / 365, the horizon in years.</summary>
    public double HorizonYears => HorizonDays / 365.0;
}
