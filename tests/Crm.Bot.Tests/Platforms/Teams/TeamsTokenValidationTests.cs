using System.Net;
using Crm.Bot.Pipeline;
using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsTokenValidationTests : IAsyncLifetime
{
    private readonly RecordingPipeline _pipeline = new();
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TeamsTestHost.StartAsync(s => s.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(_pipeline)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Sam => DemoDirectory.FindByEmail("sam@example.com")!;

    [Fact]
    public async Task ValidToken_IsAccepted_AndTheCommandRuns()
    {
        var response = await _host.PostAsync(_host.Activities.Personal(Sam, "show acme"));
        await _host.Connector.WaitForCallsAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_pipeline.Requests);
    }

    public static TheoryData<string, string> BodiesThatAreNoActivity =>
        new()
        {
            // Whatever the token: a body that cannot be read says nothing about who sent it, and the
            // answer says nothing about the token (the Bot Framework SDK answers these 400 too).
            { "empty", "valid" },
            { "not json", "valid" },
            { "trailing garbage", "valid" },
            { "a JSON array", "valid" },
            { "a JSON string", "valid" },
            { "JSON null", "valid" },
            { "type is a number", "valid" },
            { "not json", "forged" },
            { "a JSON array", "none" },
        };

    [Theory]
    [MemberData(nameof(BodiesThatAreNoActivity))]
    public async Task BodyThatIsNoActivity_Gets400_AndNothingRuns(string body, string token)
    {
        var activity = _host.Activities.Personal(Sam, "show acme");
        var json = activity.ToJsonString();
        var content = body switch
        {
            "empty" => "",
            "not json" => "show acme",
            "trailing garbage" => json + " {}",
            "a JSON array" => "[" + json + "]",
            "a JSON string" => "\"show acme\"",
            "JSON null" => "null",
            "type is a number" => json.Replace("\"type\":\"message\"", "\"type\":7", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(body)),
        };
        Assert.NotEqual(json, content);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(content, System.Text.Encoding.UTF8, "application/json") };
        if (token != "none")
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                token == "valid" ? _host.Token() : _host.Token(s => s with { Issuer = "https://sts.windows.net/evil/" }));

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappenedAsync();
    }

    [Theory]
    [InlineData("declared", "valid")]
    [InlineData("chunked", "valid")]
    [InlineData("declared", "none")]
    [InlineData("chunked", "forged")]
    public async Task BodyOver1MB_Gets413_WhateverTheToken_AndNothingRuns(string length, string token)
    {
        var activity = _host.Activities.Personal(Sam, "show acme").ToJsonString();
        var huge = activity[..^1] + ",\"padding\":\"" + new string('x', 1024 * 1024) + "\"}";
        HttpContent content = length == "declared"
            ? new StringContent(huge)
            // No Content-Length: the size is only found out while reading.
            : new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge))) { Headers = { ContentLength = null } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        if (length == "chunked") request.Headers.TransferEncodingChunked = true;
        if (token != "none")
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                token == "valid" ? _host.Token() : _host.Token(s => s with { KeyId = "never-published" }));

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task ReadableActivityWithoutAValidToken_StillGets401_NotABodyError()
    {
        // The token is judged only once the body is an activity; everything about tokens stays 401.
        using var response = await _host.Client.PostAsync("/api/messages",
            new StringContent(_host.Activities.Personal(Sam, "help").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var forged = await _host.PostAsync(_host.Activities.Personal(Sam, "help"), _host.Token(s => s with { KeyId = "never-published" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        await AssertNothingHappenedAsync();
    }

    private async Task AssertNothingHappenedAsync()
    {
        Assert.Empty(_pipeline.Requests);
        Assert.Empty(_host.Connector.Calls);
        await using var db = _host.Database.CreateContext();
        Assert.Equal(0, await db.ProcessedRequests.CountAsync());
        Assert.Equal(0, await db.UserLinks.CountAsync());
    }

    [Fact]
    public async Task AnActivityJustUnderTheLimit_IsRead()
    {
        var activity = _host.Activities.Personal(Sam, "show acme");
        activity["padding"] = new string('x', 1024 * 1024 - activity.ToJsonString().Length - 64);

        var response = await _host.PostAsync(activity);
        await _host.Connector.WaitForCallsAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_pipeline.Requests);
    }

    public static TheoryData<string> ForgedTokens =>
    [
        "wrong issuer", "wrong audience", "expired", "not yet valid", "unknown kid", "key not endorsed for msteams",
        "serviceurl mismatch", "alg none", "HS256 signed with the public key", "RS256 signed by a foreign key",
    ];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task ForgedOrStaleToken_Gets401_AndChangesNothing(string forgery)
    {
        var token = _host.Token(spec => forgery switch
        {
            "wrong issuer" => spec with { Issuer = "https://sts.windows.net/evil/" },
            "wrong audience" => spec with { Audience = "11111111-0000-0000-0000-000000000000" },
            // Beyond the 5 minutes of allowed clock skew on either side.
            "expired" => spec with { NotBeforeOffset = TimeSpan.FromMinutes(-70), ExpiresIn = TimeSpan.FromMinutes(-6) },
            "not yet valid" => spec with { NotBeforeOffset = TimeSpan.FromMinutes(6), ExpiresIn = TimeSpan.FromMinutes(60) },
            "unknown kid" => spec with { KeyId = "never-published" },
            "key not endorsed for msteams" => spec with { KeyId = FakeBotFrameworkAuth.OtherChannelKeyId },
            "serviceurl mismatch" => spec with { ServiceUrl = "https://smba.trafficmanager.net/evil/" },
            "alg none" => spec with { Algorithm = "none" },
            "HS256 signed with the public key" => spec with { Algorithm = SecurityAlgorithms.HmacSha256 },
            "RS256 signed by a foreign key" => spec with { KeyId = FakeBotFrameworkAuth.TeamsKeyId + "-forged" },
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        });

        var response = await _host.PostAsync(_host.Activities.Personal(Sam, "note acme forged"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_pipeline.Requests);
        await using var db = _host.Database.CreateContext();
        Assert.Equal(0, await db.ProcessedRequests.CountAsync());
        Assert.Equal(0, await db.UserLinks.CountAsync());
        Assert.Empty(_host.Connector.Calls);
    }

    [Fact]
    public async Task TokenWithinClockSkew_IsAccepted()
    {
        var token = _host.Token(spec => spec with { NotBeforeOffset = TimeSpan.FromMinutes(-60), ExpiresIn = TimeSpan.FromMinutes(-4) });

        var response = await _host.PostAsync(_host.Activities.Personal(Sam, "help"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MissingToken_Gets401()
    {
        using var response = await _host.Client.PostAsync("/api/messages",
            new StringContent(_host.Activities.Personal(Sam, "help").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_pipeline.Requests);
    }

    [Fact]
    public async Task TenantNotAllowed_Gets401()
    {
        var activity = _host.Activities.Personal(Sam, "help");
        activity["channelData"]!["tenant"]!["id"] = "99999999-9999-4999-8999-999999999999";
        activity["conversation"]!["tenantId"] = "99999999-9999-4999-8999-999999999999";

        var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_pipeline.Requests);
    }

    [Fact]
    public async Task UnknownKid_RefetchesTheKeys_AndARotatedKeyIsAccepted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TeamsTestHost.StartAsync(s =>
        {
            s.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(_pipeline));
            s.AddSingleton<TimeProvider>(clock);
        });
        await host.PostAsync(host.Activities.Personal(Sam, "help"));
        var fetchesBefore = host.Auth.KeyRequests;
        host.Auth.Publish("rotated-key", "msteams");

        var tooSoon = await host.PostAsync(host.Activities.Personal(Sam, "whoami"), host.Token(s => s with { KeyId = "rotated-key" }));
        clock.Advance(TimeSpan.FromSeconds(31));
        var later = await host.PostAsync(host.Activities.Personal(Sam, "whoami"), host.Token(s => s with { KeyId = "rotated-key" }));

        // Right after a fetch, an unknown kid is refused without asking again (forged kids cannot hammer the endpoint).
        Assert.Equal(HttpStatusCode.Unauthorized, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(fetchesBefore + 1, host.Auth.KeyRequests);
    }

    [Fact]
    public async Task WithoutTeamsConfiguration_EverythingIsRefused()
    {
        await using var unconfigured = await TeamsTestHost.StartAsync(
            s => s.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(_pipeline)),
            new Dictionary<string, string?> { ["Teams:AppId"] = "", ["Teams:AppPassword"] = "", ["Teams:TenantId"] = "" });

        var response = await unconfigured.PostAsync(unconfigured.Activities.Personal(Sam, "help"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_pipeline.Requests);
    }
}
