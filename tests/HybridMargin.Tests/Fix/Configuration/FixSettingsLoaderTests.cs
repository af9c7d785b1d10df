using HybridMargin.Fix.Configuration;

namespace HybridMargin.Tests.Fix.Configuration;

public sealed class FixSettingsLoaderTests
{
    private const string Valid = """
    {
      "storeDirectory": "/var/lib/hm/fix",
      "limits": { "maxConnections": 8, "maxMessagesPerSecond": 100, "logonTimeoutSeconds": 5, "maxClOrdIdLength": 32 },
      "sessions": [
        { "senderCompId": "HM", "targetCompId": "CLIENT1", "password": "secret", "heartbeatMinSeconds": 5, "heartbeatMaxSeconds": 60,
          "accounts": ["BASIS1", "MM1"], "cancelOnDisconnect": true, "fix44Enums": true },
        { "senderCompId": "HM", "targetCompId": "CLIENT2", "accounts": ["*"] }
      ]
    }
    """;

    [Fact]
    public void Parses_a_valid_file_with_every_member()
    {
        var settings = FixSettingsLoader.Parse(Valid);

        Assert.Equal("/var/lib/hm/fix", settings.StoreDirectory);
        Assert.Equal(8, settings.Limits.MaxConnections);
        Assert.Equal(100, settings.Limits.MaxMessagesPerSecond);
        Assert.Equal(5, settings.Limits.LogonTimeoutSeconds);
        Assert.Equal(32, settings.Limits.MaxClOrdIdLength);
        Assert.Equal(new FixLimits().MaxMessageBytes, settings.Limits.MaxMessageBytes);
        Assert.Equal(2, settings.Sessions.Count);
        var first = settings.Sessions[0];
        Assert.Equal(("HM", "CLIENT1", "secret"), (first.SenderCompId, first.TargetCompId, first.Password));
        Assert.Equal((5, 60), (first.HeartbeatMinSeconds, first.HeartbeatMaxSeconds));
        Assert.Equal(["BASIS1", "MM1"], first.Accounts);
        Assert.True(first.CancelOnDisconnect);
        Assert.True(first.Fix44Enums);
        Assert.Equal("HM->CLIENT1", first.Name);
    }

    [Fact]
    public void Fills_in_defaults_for_omitted_members()
    {
        var settings = FixSettingsLoader.Parse("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }""");

        Assert.Equal("fix-store", settings.StoreDirectory);
        Assert.Equal(new FixLimits(), settings.Limits);
        var session = settings.Sessions[0];
        Assert.Null(session.Password);
        Assert.Equal((1, 120), (session.HeartbeatMinSeconds, session.HeartbeatMaxSeconds));
        Assert.False(session.CancelOnDisconnect);
        Assert.False(session.Fix44Enums);
    }

    [Theory]
    [InlineData("""{ "sessions": [], "extra": 1 }""", "$.extra")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"], "colour": "red" } ] }""", "$.sessions[0].colour")]
    [InlineData("""{ "limits": { "maxConnection": 5 }, "sessions": [] }""", "$.limits.maxConnection")]
    public void Names_the_path_of_an_unknown_member(string json, string path) => AssertRejected(json, path);

    [Theory]
    [InlineData("""{ }""", "$.sessions")]
    [InlineData("""{ "sessions": [] }""", "$.sessions")]
    [InlineData("""{ "sessions": null }""", "$.sessions")]
    [InlineData("""null""", "$")]
    public void Requires_at_least_one_session(string json, string path) => AssertRejected(json, path);

    [Theory]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C" } ] }""", "$.sessions[0].accounts")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": [] } ] }""", "$.sessions[0].accounts")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["A", " "] } ] }""", "$.sessions[0].accounts[1]")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["A", null] } ] }""", "$.sessions[0].accounts[1]")]
    public void Requires_a_non_empty_list_of_accounts(string json, string path) => AssertRejected(json, path);

    [Theory]
    [InlineData("""{ "senderCompId": "H M", "targetCompId": "C", "accounts": ["*"] }""", "$.sessions[0].senderCompId")]
    [InlineData("""{ "senderCompId": "HM", "targetCompId": "C=1", "accounts": ["*"] }""", "$.sessions[0].targetCompId")]
    [InlineData("""{ "senderCompId": "", "targetCompId": "C", "accounts": ["*"] }""", "$.sessions[0].senderCompId")]
    [InlineData("""{ "targetCompId": "C", "accounts": ["*"] }""", "$.sessions[0].senderCompId")]
    [InlineData("""{ "senderCompId": "HM", "targetCompId": "CLIENTÉ", "accounts": ["*"] }""", "$.sessions[0].targetCompId")]
    [InlineData("""{ "senderCompId": "HM", "targetCompId": "C\u0001", "accounts": ["*"] }""", "$.sessions[0].targetCompId")]
    public void Names_a_bad_comp_id(string session, string path) => AssertRejected($$"""{ "sessions": [ {{session}} ] }""", path);

    [Fact]
    public void Refuses_a_comp_id_longer_than_64_characters()
    {
        AssertRejected($$"""{ "sessions": [ { "senderCompId": "{{new string('H', 65)}}", "targetCompId": "C", "accounts": ["*"] } ] }""", "$.sessions[0].senderCompId");
        Assert.Single(FixSettingsLoader.Parse($$"""{ "sessions": [ { "senderCompId": "{{new string('H', 64)}}", "targetCompId": "C", "accounts": ["*"] } ] }""").Sessions);
    }

    [Theory]
    [InlineData(0, 60, "$.sessions[0].heartbeatMinSeconds")]
    [InlineData(3601, 3601, "$.sessions[0].heartbeatMinSeconds")]
    [InlineData(30, 10, "$.sessions[0].heartbeatMaxSeconds")]
    [InlineData(1, 3601, "$.sessions[0].heartbeatMaxSeconds")]
    public void Names_heartbeat_bounds_out_of_range(int min, int max, string path) =>
        AssertRejected($$"""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"], "heartbeatMinSeconds": {{min}}, "heartbeatMaxSeconds": {{max}} } ] }""", path);

    [Fact]
    public void Refuses_a_session_configured_twice()
    {
        var error = AssertRejected(
            """
            { "sessions": [
              { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] },
              { "senderCompId": "HM", "targetCompId": "D", "accounts": ["*"] },
              { "senderCompId": "HM", "targetCompId": "C", "accounts": ["A"] }
            ] }
            """,
            "$.sessions[2]");
        Assert.Contains("HM->C", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxMessageBytes", 255)]
    [InlineData("maxMessageBytes", 1048577)]
    [InlineData("maxFields", 15)]
    [InlineData("maxConnections", 0)]
    [InlineData("maxConnections", 10001)]
    [InlineData("maxMessagesPerSecond", 0)]
    [InlineData("logonTimeoutSeconds", 0)]
    [InlineData("logonTimeoutSeconds", 3601)]
    [InlineData("maxOutboundBacklogBytes", 65535)]
    [InlineData("maxClOrdIdLength", 0)]
    [InlineData("maxClOrdIdLength", 257)]
    [InlineData("maxLiveOrdersPerSession", 0)]
    [InlineData("maxLiveOrdersPerSession", 4194305)]
    public void Names_a_limit_out_of_range(string name, int value)
    {
        var error = AssertRejected($$"""{ "limits": { "{{name}}": {{value}} }, "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }""", "$.limits." + name);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "limits": { "maxConnections": "5" }, "sessions": [] }""", "$.limits.maxConnections")]
    [InlineData("""{ "limits": { "maxConnections": 1.5 }, "sessions": [] }""", "$.limits.maxConnections")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"], "cancelOnDisconnect": "yes" } ] }""", "$.sessions[0].cancelOnDisconnect")]
    [InlineData("""{ "sessions": [ { "senderCompId": 7, "targetCompId": "C", "accounts": ["*"] } ] }""", "$.sessions[0].senderCompId")]
    [InlineData("""{ "storeDirectory": "a", "storeDirectory": "b", "sessions": [] }""", "$.storeDirectory")]
    public void Names_the_path_of_a_value_of_the_wrong_type_or_a_duplicate_member(string json, string path) => AssertRejected(json, path);

    [Theory]
    [InlineData("""{ "sessions": [ /* no */ ] }""")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] }, ] }""")]
    [InlineData("""{ "sessions": [""")]
    public void Refuses_comments_trailing_commas_and_truncated_documents(string json)
    {
        var error = Assert.Throws<FixConfigurationException>(() => FixSettingsLoader.Parse(json, "s.json"));
        Assert.StartsWith("s.json: $", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "storeDirectory": "", "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }""", "$.storeDirectory")]
    [InlineData("""{ "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"], "password": "" } ] }""", "$.sessions[0].password")]
    [InlineData("""{ "sessions": [ null ] }""", "$.sessions[0]")]
    public void Refuses_empty_values_where_a_value_is_needed(string json, string path) => AssertRejected(json, path);

    [Fact]
    public void Load_resolves_a_relative_store_directory_against_the_files_directory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hm-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "sessions.json");
            File.WriteAllText(file, """{ "storeDirectory": "state/fix", "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }""");

            var settings = FixSettingsLoader.Load(file);

            Assert.Equal(Path.Combine(dir, "state/fix"), settings.StoreDirectory);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_keeps_an_absolute_store_directory_and_names_the_file_in_errors()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hm-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string good = Path.Combine(dir, "good.json");
            File.WriteAllText(good, """{ "storeDirectory": "/srv/fix", "sessions": [ { "senderCompId": "HM", "targetCompId": "C", "accounts": ["*"] } ] }""");
            string bad = Path.Combine(dir, "bad.json");
            File.WriteAllText(bad, """{ "sessions": [] }""");

            Assert.Equal("/srv/fix", FixSettingsLoader.Load(good).StoreDirectory);
            var error = Assert.Throws<FixConfigurationException>(() => FixSettingsLoader.Load(bad));
            Assert.StartsWith(bad + ": $.sessions", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_names_a_file_it_cannot_read()
    {
        string missing = Path.Combine(Path.GetTempPath(), "hm-missing-" + Guid.NewGuid().ToString("N") + ".json");

        var error = Assert.Throws<FixConfigurationException>(() => FixSettingsLoader.Load(missing));

        Assert.StartsWith(missing + ": cannot read the sessions file", error.Message, StringComparison.Ordinal);
    }

    private static FixConfigurationException AssertRejected(string json, string path)
    {
        var error = Assert.Throws<FixConfigurationException>(() => FixSettingsLoader.Parse(json, "sessions.json"));
        Assert.StartsWith($"sessions.json: {path}", error.Message, StringComparison.Ordinal);
        return error;
    }
}
