using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Testing.Slack;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>Every Slack endpoint refuses forged, altered, stale and unsigned requests with 401, before doing anything.</summary>
[Collection(SlackEndpointCollection.Name)]
public sealed class SlackVerificationEndpointTests(SlackEndpointFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Reset();

    public static TheoryData<string> Paths => new() { "/slack/commands", "/slack/events", "/slack/interactions" };

    private string BodyFor(string path) => path switch
    {
        "/slack/commands" => SlackRequests.CommandBody(fixture.Slack.ResponseUrl("x"), "deal D-1001 stage won"),
        "/slack/events" => SlackRequests.EventBody(SlackRequests.NewEventId(), new JsonObject
        {
            ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = "C0SALES", ["text"] = "<@U0BOT> show acme", ["ts"] = "1.1",
        }),
        _ => SlackSigner.Form(("payload", new JsonObject
        {
            ["type"] = "block_actions", ["user"] = new JsonObject { ["id"] = "U0AVA", ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" }, ["trigger_id"] = SlackRequests.NewTrigger(),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "crm:run:0", ["value"] = "show acme" }),
        }.ToJsonString())),
    };

    private static string ContentType(string path) => path == "/slack/events" ? "application/json" : SlackRequests.Form;

    private async Task AssertRefusedAsync(HttpRequestMessage request)
    {
        var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await fixture.Host.IdleAsync();
        Assert.Empty(fixture.Pipeline.Requests);
        Assert.Empty(fixture.Slack.Calls);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ValidSignature_IsAccepted(string path)
    {
        var response = await fixture.Client.SendAsync(SlackSigner.Request(path, BodyFor(path), ContentType(path), SlackHost.Secret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fixture.Host.IdleAsync();
        Assert.Single(fixture.Pipeline.Requests);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public Task BadSignature_Is401(string path) =>
        AssertRefusedAsync(SlackSigner.Request(path, BodyFor(path), ContentType(path), "some-other-secret"));

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BodyAlteredAfterSigning_Is401(string path)
    {
        var body = BodyFor(path);
        var request = SlackSigner.Request(path, body, ContentType(path), SlackHost.Secret);
        request.Content = new StringContent(body.Replace("U0AVA", "U0ROOT"), Encoding.UTF8, ContentType(path));
        await AssertRefusedAsync(request);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public Task StaleTimestamp_Is401(string path) =>
        AssertRefusedAsync(SlackSigner.Request(path, BodyFor(path), ContentType(path), SlackHost.Secret, DateTimeOffset.UtcNow.AddSeconds(-301).ToUnixTimeSeconds()));

    [Theory]
    [MemberData(nameof(Paths))]
    public Task FutureTimestamp_Is401(string path) =>
        AssertRefusedAsync(SlackSigner.Request(path, BodyFor(path), ContentType(path), SlackHost.Secret, DateTimeOffset.UtcNow.AddSeconds(301).ToUnixTimeSeconds()));

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MissingSignatureHeader_Is401(string path)
    {
        var request = SlackSigner.Request(path, BodyFor(path), ContentType(path), SlackHost.Secret);
        request.Headers.Remove("X-Slack-Signature");
        await AssertRefusedAsync(request);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MissingTimestampHeader_Is401(string path)
    {
        var request = SlackSigner.Request(path, BodyFor(path), ContentType(path), SlackHost.Secret);
        request.Headers.Remove("X-Slack-Request-Timestamp");
        await AssertRefusedAsync(request);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task OversizedBody_Is413_SignedOrNot_AndNothingRuns(string path)
    {
        var body = BodyFor(path) + (path == "/slack/events" ? new string(' ', SlackRequestReader.MaxBodyBytes) : "&pad=" + new string('a', SlackRequestReader.MaxBodyBytes));
        foreach (var secret in new[] { SlackHost.Secret, "some-other-secret" })
        {
            var response = await fixture.Client.SendAsync(SlackSigner.Request(path, body, ContentType(path), secret));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        await fixture.Host.IdleAsync();
        Assert.Empty(fixture.Pipeline.Requests);
        Assert.Empty(fixture.Slack.Calls);
    }

    [Fact]
    public async Task UrlVerification_IsAnsweredWithTheChallenge_OnlyWhenSigned()
    {
        var body = new JsonObject { ["token"] = "x", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" }.ToJsonString();

        var signed = await fixture.Client.SendAsync(SlackRequests.Event(body));
        var forged = await fixture.Client.SendAsync(SlackRequests.Event(body, secret: "nope"));

        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", (string)JsonNode.Parse(await signed.Content.ReadAsStringAsync())!["challenge"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task WithoutSlackConfiguration_TheHostRuns_AndEveryRequestIsRefused()
    {
        await using var host = fixture.NewHost(secret: null);
        using var client = host.CreateClient();

        foreach (var path in new[] { "/slack/commands", "/slack/events", "/slack/interactions" })
        {
            // Signed with the empty secret a careless verifier would accept.
            var response = await client.SendAsync(SlackSigner.Request(path, BodyFor(path), ContentType(path), ""));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await host.IdleAsync();
        Assert.Empty(fixture.Pipeline.Requests);
    }
}
