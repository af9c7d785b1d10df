namespace HybridMargin.Books.Json;

/// <summary>The <c>parameters</c> object; absent members take the <see cref="RiskParameters"/> defaults.</summary>
internal sealed class ParametersDto
{
    public double? HorizonDays { get; init; }

    public double? VarConfidence { get; init; }

    public double? EsConfidence { get; init; }

    public double? ImMultiplier { get; init; }

    public double? RiskFreeRate { get; init; }

    public int? McScenarios { get; init; }

    public int? McSeed { get; init; }
}
