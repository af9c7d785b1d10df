using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridMargin.Fix.Configuration;

/// <summary>The sessions file as written (nullable members: absence is told apart from a value).</summary>
internal sealed class FixServerDocument
{
    public string? StoreDirectory { get; set; }

    public FixLimitsDocument? Limits { get; set; }

    public List<FixSessionDocument?>? Sessions { get; set; }
}

internal sealed class FixLimitsDocument
{
    public int? MaxMessageBytes { get; set; }

    public int? MaxFields { get; set; }

    public int? MaxConnections { get; set; }

    public int? MaxMessagesPerSecond { get; set; }

    public int? LogonTimeoutSeconds { get; set; }

    public int? MaxOutboundBacklogBytes { get; set; }

    public int? MaxClOrdIdLength { get; set; }

    public int? MaxLiveOrdersPerSession { get; set; }
}

internal sealed class FixSessionDocument
{
    public string? SenderCompId { get; set; }

    public string? TargetCompId { get; set; }

    public string? Password { get; set; }

    public int? HeartbeatMinSeconds { get; set; }

    public int? HeartbeatMaxSeconds { get; set; }

    public List<string?>? Accounts { get; set; }

    public bool? CancelOnDisconnect { get; set; }

    public bool? Fix44Enums { get; set; }
}

/// <summary>Strict: unknown or duplicate members, comments and numbers in strings are errors.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(FixServerDocument))]
internal sealed partial class FixSettingsJsonContext : JsonSerializerContext;
