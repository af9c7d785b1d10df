namespace HybridMargin.Books.Json;

/// <summary>Validates <c>parameters</c>; every member is optional and defaults to <see cref="RiskParameters"/>.</summary>
internal static class ParametersMapper
{
    private const string Path = "parameters";

    /// <summary>Below this, the Monte Carlo tail (1 − β)·N holds only a couple of scenarios and ES is noise.</summary>
    private const int MinScenarios = 100;

    public static RiskParameters Map(ParametersDto? dto)
    {
        var defaults = new RiskParameters();
        if (dto is null)
        {
            return defaults;
        }

        return new RiskParameters
        {
            HorizonDays = Fields.Optional(dto.HorizonDays, defaults.HorizonDays, Path, "horizonDays", NumberRange.Positive),
            VarConfidence = Fields.Optional(dto.VarConfidence, defaults.VarConfidence, Path, "varConfidence", NumberRange.Confidence),
            EsConfidence = Fields.Optional(dto.EsConfidence, defaults.EsConfidence, Path, "esConfidence", NumberRange.Confidence),
            ImMultiplier = Fields.Optional(dto.ImMultiplier, defaults.ImMultiplier, Path, "imMultiplier", NumberRange.AtLeast(1)),
            RiskFreeRate = Fields.Optional(dto.RiskFreeRate, defaults.RiskFreeRate, Path, "riskFreeRate", NumberRange.Any),
            McScenarios = Fields.Optional(dto.McScenarios, defaults.McScenarios, Path, "mcScenarios", NumberRange.AtLeast(MinScenarios)),
            McSeed = dto.McSeed ?? defaults.McSeed,
        };
    }
}
