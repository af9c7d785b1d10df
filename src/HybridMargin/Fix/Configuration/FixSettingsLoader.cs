using System.Text.Json;

namespace HybridMargin.Fix.Configuration;

/// <summary>Reads the sessions file (JSON). Every error names the JSON path of the bad value.</summary>
public static class FixSettingsLoader
{
    private const int MaxCompIdLength = 64;

    /// <summary>Loads <paramref name="path"/>; a relative <c>storeDirectory</c> is taken relative to the file.</summary>
    public static FixServerSettings Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException error)
        {
            throw new FixConfigurationException($"{path}: cannot read the sessions file: {error.Message}", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new FixConfigurationException($"{path}: cannot read the sessions file: {error.Message}", error);
        }

        var settings = Parse(text, path);
        return Path.IsPathRooted(settings.StoreDirectory)
            ? settings
            : settings with { StoreDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", settings.StoreDirectory) };
    }

    /// <summary>Parses a sessions document; <paramref name="source"/> names it in errors.</summary>
    public static FixServerSettings Parse(string json, string source = "sessions")
    {
        ArgumentNullException.ThrowIfNull(json);
        FixServerDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json.AsSpan().TrimStart('\uFEFF'), FixSettingsJsonContext.Default.FixServerDocument);
        }
        catch (JsonException error)
        {
            throw new FixConfigurationException($"{source}: {error.Path ?? "$"}: {error.Message}", error);
        }

        if (doc is null)
        {
            throw new FixConfigurationException($"{source}: $: the document is null");
        }

        if (doc.Sessions is null || doc.Sessions.Count == 0)
        {
            throw new FixConfigurationException($"{source}: $.sessions: at least one session is required");
        }

        var limits = Limits(doc.Limits, source);
        var sessions = new List<FixSessionSettings>();
        var names = new HashSet<(string, string)>();
        for (int i = 0; i < doc.Sessions.Count; i++)
        {
            string at = $"$.sessions[{i}]";
            var s = doc.Sessions[i] ?? throw new FixConfigurationException($"{source}: {at}: null session");
            string sender = CompId(s.SenderCompId, source, at + ".senderCompId");
            string target = CompId(s.TargetCompId, source, at + ".targetCompId");
            if (!names.Add((sender, target)))
            {
                throw new FixConfigurationException($"{source}: {at}: session {sender}->{target} is configured twice");
            }

            int min = s.HeartbeatMinSeconds ?? 1;
            int max = s.HeartbeatMaxSeconds ?? 120;
            if (min < 1 || min > 3600)
            {
                throw new FixConfigurationException($"{source}: {at}.heartbeatMinSeconds: {min} is outside 1..3600");
            }

            if (max < min || max > 3600)
            {
                throw new FixConfigurationException($"{source}: {at}.heartbeatMaxSeconds: {max} is outside {min}..3600");
            }

            if (s.Accounts is null || s.Accounts.Count == 0)
            {
                throw new FixConfigurationException($"{source}: {at}.accounts: list the accounts the session may trade (\"*\" for all)");
            }

            for (int a = 0; a < s.Accounts.Count; a++)
            {
                if (string.IsNullOrWhiteSpace(s.Accounts[a]))
                {
                    throw new FixConfigurationException($"{source}: {at}.accounts[{a}]: empty account id");
                }
            }

            if (s.Password is { Length: 0 })
            {
                throw new FixConfigurationException($"{source}: {at}.password: empty password (omit the member for none)");
            }

            sessions.Add(new FixSessionSettings
            {
                SenderCompId = sender,
                TargetCompId = target,
                Password = s.Password,
                HeartbeatMinSeconds = min,
                HeartbeatMaxSeconds = max,
                Accounts = s.Accounts.Select(a => a!).ToArray(),
                CancelOnDisconnect = s.CancelOnDisconnect ?? false,
                Fix44Enums = s.Fix44Enums ?? false,
            });
        }

        string store = doc.StoreDirectory ?? "fix-store";
        if (store.Length == 0)
        {
            throw new FixConfigurationException($"{source}: $.storeDirectory: empty path");
        }

        return new FixServerSettings { Sessions = sessions, Limits = limits, StoreDirectory = store };
    }

    private static FixLimits Limits(FixLimitsDocument? d, string source)
    {
        var defaults = new FixLimits();
        if (d is null)
        {
            return defaults;
        }

        return new FixLimits
        {
            MaxMessageBytes = Range(d.MaxMessageBytes, defaults.MaxMessageBytes, 256, 1 << 20, source, "maxMessageBytes"),
            MaxFields = Range(d.MaxFields, defaults.MaxFields, 16, 4096, source, "maxFields"),
            MaxConnections = Range(d.MaxConnections, defaults.MaxConnections, 1, 10_000, source, "maxConnections"),
            MaxMessagesPerSecond = Range(d.MaxMessagesPerSecond, defaults.MaxMessagesPerSecond, 1, 10_000_000, source, "maxMessagesPerSecond"),
            LogonTimeoutSeconds = Range(d.LogonTimeoutSeconds, defaults.LogonTimeoutSeconds, 1, 3600, source, "logonTimeoutSeconds"),
            MaxOutboundBacklogBytes = Range(d.MaxOutboundBacklogBytes, defaults.MaxOutboundBacklogBytes, 1 << 16, 1 << 30, source, "maxOutboundBacklogBytes"),
            MaxClOrdIdLength = Range(d.MaxClOrdIdLength, defaults.MaxClOrdIdLength, 1, 256, source, "maxClOrdIdLength"),
            MaxLiveOrdersPerSession = Range(d.MaxLiveOrdersPerSession, defaults.MaxLiveOrdersPerSession, 1, 1 << 22, source, "maxLiveOrdersPerSession"),
        };
    }

    private static int Range(int? value, int fallback, int min, int max, string source, string name)
    {
        int v = value ?? fallback;
        return v < min || v > max ? throw new FixConfigurationException($"{source}: $.limits.{name}: {v} is outside {min}..{max}") : v;
    }

    private static string CompId(string? value, string source, string at)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new FixConfigurationException($"{source}: {at}: required");
        }

        if (value.Length > MaxCompIdLength || value.Any(c => c <= ' ' || c > '~' || c == '='))
        {
            throw new FixConfigurationException($"{source}: {at}: '{value}' must be 1..{MaxCompIdLength} printable ASCII characters without spaces or '='");
        }

        return value;
    }
}
