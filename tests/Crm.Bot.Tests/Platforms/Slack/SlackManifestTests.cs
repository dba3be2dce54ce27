using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Testing;
using Json.Schema;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class SlackManifestTests
{
    // The official schema, kept in the repository under tests/schemas/.
    private static readonly string SchemaPath = RepositoryRoot.PathOf("tests", "schemas", "slack-app-manifest-1.0.0.json");
    private static readonly string ManifestPath = RepositoryRoot.PathOf("manifests", "slack", "manifest.json");
    private static readonly string SocketModeManifestPath = RepositoryRoot.PathOf("manifests", "slack", "manifest-socket-mode.json");

    // Slack publishes it as draft-07; built once, since a schema registers itself by id.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(SchemaPath), new BuildOptions { Dialect = Dialect.Draft07 }));

    private static EvaluationResults Validate(string json)
    {
        var schema = Schema.Value;
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public void CommittedManifest_IsValidAgainstSlacksSchema()
    {
        var results = Validate(File.ReadAllText(ManifestPath));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void SchemaCheck_CatchesABrokenManifest()
    {
        var broken = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        broken["display_information"]!["name"] = new string('x', 36);
        broken["features"]!["slash_commands"]![0]!["command"] = "crm";
        Assert.False(Validate(broken.ToJsonString()).IsValid);
    }

    [Fact]
    public void CommittedManifest_IsWhatTheCodeBuilds()
    {
        var built = SlackManifest.ToText(SlackManifest.Build(SlackManifest.ExampleBaseUrl, SlackManifest.ExampleUnfurlDomain));
        Assert.Equal(built, File.ReadAllText(ManifestPath).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Manifest_AsksForExactlyTheScopesTheFeaturesUse()
    {
        var scopes = JsonNode.Parse(File.ReadAllText(ManifestPath))!["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => (string)s!).Order();
        Assert.Equal(
            new[] { "app_mentions:read", "channels:read", "chat:write", "commands", "files:write", "im:history", "links:read", "links:write", "users:read", "users:read.email" },
            scopes);
    }

    [Fact]
    public async Task ManifestVerb_FillsInTheBaseUrl()
    {
        var verb = new SlackManifestVerb(Options.Create(new SlackOptions { CustomerLinkPattern = "https://crm.acme-corp.example/c/{id}" }));
        var output = new StringWriter();

        var code = await verb.RunAsync(["--base-url", "https://bot.example.com"], output, CancellationToken.None);

        Assert.Equal(0, code);
        var manifest = JsonNode.Parse(output.ToString())!;
        Assert.Equal("https://bot.example.com/slack/commands", (string)manifest["features"]!["slash_commands"]![0]!["url"]!);
        Assert.Equal("https://bot.example.com/slack/events", (string)manifest["settings"]!["event_subscriptions"]!["request_url"]!);
        Assert.Equal("https://bot.example.com/slack/interactions", (string)manifest["settings"]!["interactivity"]!["request_url"]!);
        Assert.Equal("crm.acme-corp.example", (string)manifest["features"]!["unfurl_domains"]![0]!);
        Assert.True(Validate(output.ToString()).IsValid);
    }

    [Fact]
    public void CommittedSocketModeManifest_IsValidAgainstSlacksSchema_AndIsWhatTheCodeBuilds()
    {
        var text = File.ReadAllText(SocketModeManifestPath).ReplaceLineEndings("\n");
        var results = Validate(text);
        Assert.True(results.IsValid, Errors(results));
        Assert.Equal(SlackManifest.ToText(SlackManifest.BuildForSocketMode(SlackManifest.ExampleUnfurlDomain)), text);
    }

    [Fact]
    public async Task ManifestVerb_ForSocketMode_TurnsSocketModeOn_AndNamesNoUrl()
    {
        var verb = new SlackManifestVerb(Options.Create(new SlackOptions { CustomerLinkPattern = "https://crm.acme-corp.example/c/{id}" }));
        var output = new StringWriter();

        var code = await verb.RunAsync(["--socket-mode"], output, CancellationToken.None);

        Assert.Equal(0, code);
        var results = Validate(output.ToString());
        Assert.True(results.IsValid, Errors(results));
        var manifest = JsonNode.Parse(output.ToString())!;
        Assert.True((bool)manifest["settings"]!["socket_mode_enabled"]!);
        Assert.True((bool)manifest["settings"]!["interactivity"]!["is_enabled"]!);
        Assert.DoesNotContain("\"url\"", output.ToString());
        Assert.DoesNotContain("request_url", output.ToString());
        Assert.DoesNotContain("https://", manifest["features"]!["slash_commands"]!.ToJsonString());
        // The same app otherwise: command, events, scopes and unfurl domain as over HTTP.
        var http = SlackManifest.Build("https://bot.example.com", "crm.acme-corp.example");
        Assert.Equal(http["oauth_config"]!["scopes"]!.ToJsonString(), manifest["oauth_config"]!["scopes"]!.ToJsonString());
        Assert.Null(manifest["oauth_config"]!["redirect_urls"]);
        Assert.Equal(http["settings"]!["event_subscriptions"]!["bot_events"]!.ToJsonString(), manifest["settings"]!["event_subscriptions"]!["bot_events"]!.ToJsonString());
        Assert.Equal("/crm", (string)manifest["features"]!["slash_commands"]![0]!["command"]!);
        Assert.Equal("crm.acme-corp.example", (string)manifest["features"]!["unfurl_domains"]![0]!);
        Assert.False((bool)http["settings"]!["socket_mode_enabled"]!);
    }

    [Theory]
    [InlineData("--socket-mode", "--base-url", "https://bot.example.com")]
    [InlineData]
    [InlineData("--base-url", "http://bot.example.com")]
    [InlineData("--base-url", "not a url")]
    [InlineData("--base-url", "https://bot.example.com", "--unfurl-domain", "-bad-")]
    [InlineData("--colour", "red")]
    public async Task ManifestVerb_RefusesBadArguments_SayingWhatIsExpected(params string[] args)
    {
        var output = new StringWriter();
        var code = await new SlackManifestVerb(Options.Create(new SlackOptions())).RunAsync(args, output, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("https://bot.example.com", output.ToString());
    }
}
