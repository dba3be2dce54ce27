using Crm.Bot.Platforms.Teams;
using Crm.Domain.Replies;
using Crm.Testing.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsConnectorClientTests : IAsyncLifetime
{
    private const string AppId = TeamsTestHost.AppId;
    private FakeEntraTokenEndpoint _entra = null!;
    private FakeTeamsConnector _connector = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _entra = await FakeEntraTokenEndpoint.StartNewAsync(AppId, TeamsTestHost.AppPassword);
        _connector = await FakeTeamsConnector.StartNewAsync(_entra);
        _services = Services(TeamsTestHost.Tenant);
        _services.GetRequiredService<TeamsServiceUrlRegistry>().Trust(_connector.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connector.DisposeAsync();
        await _entra.DisposeAsync();
    }

    private ServiceProvider Services(string tenantId) => TeamsServices.Build(new Dictionary<string, string?>
    {
        ["Teams:AppId"] = AppId,
        ["Teams:AppPassword"] = TeamsTestHost.AppPassword,
        ["Teams:TenantId"] = tenantId,
        ["Teams:AllowedTenants:0"] = TeamsTestHost.Tenant,
        ["Teams:TokenAuthority"] = _entra.BaseUrl,
    });

    private TeamsConnectorClient Client => _services.GetRequiredService<TeamsConnectorClient>();

    private static TeamsCardMessage Message(string text) => new(new AdaptiveCardRenderer().Render(Reply.Text(text))[0], text);

    [Fact]
    public async Task Send_UsesAClientCredentialsTokenFromTheTenantAuthority_CachedAcrossCalls()
    {
        for (var i = 0; i < 3; i++)
            Assert.True((await Client.SendAsync(_connector.BaseUrl, "19:c@thread.tacv2", Message($"m{i}"), default)).IsSent);

        var request = Assert.Single(_entra.Requests);
        Assert.Equal(new FakeEntraTokenEndpoint.TokenRequest(TeamsTestHost.Tenant, "client_credentials", AppId, FakeTeamsConnector.Scope, true), request);
        Assert.All(_connector.Calls, c => Assert.True(_entra.Issued(c.Token, FakeTeamsConnector.Scope)));
        Assert.Equal(("/v3/conversations/19:c@thread.tacv2/activities", "19:c@thread.tacv2"), (_connector.Calls[0].Path, _connector.Calls[0].ConversationId));
    }

    [Fact]
    public async Task MultiTenantBot_GetsItsTokenFromBotframeworkCom()
    {
        await using var services = Services("");
        services.GetRequiredService<TeamsServiceUrlRegistry>().Trust(_connector.BaseUrl);

        await services.GetRequiredService<TeamsConnectorClient>().SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default);

        Assert.Equal("botframework.com", Assert.Single(_entra.Requests).Tenant);
    }

    [Fact]
    public async Task TokenAboutToExpire_IsRenewed()
    {
        _entra.ExpiresIn = 120;
        await Client.SendAsync(_connector.BaseUrl, "a:1", Message("one"), default);
        await Client.SendAsync(_connector.BaseUrl, "a:1", Message("two"), default);

        // A two-minute token is renewed at half its life; both calls still carried a valid token.
        Assert.Single(_entra.Requests);
        Assert.All(_connector.Calls, c => Assert.True(_entra.Issued(c.Token, FakeTeamsConnector.Scope)));
    }

    [Fact]
    public async Task ReplyAndUpdate_UseTheirRoutes()
    {
        await Client.ReplyAsync(_connector.BaseUrl, "19:c@thread.tacv2;messageid=42", "42", Message("answer"), default);
        await Client.UpdateAsync(_connector.BaseUrl, "19:c@thread.tacv2", "77", Message("edited"), default);

        Assert.Equal(("POST", "42"), (_connector.Calls[0].Method, _connector.Calls[0].ActivityId));
        Assert.Equal("42", _connector.Calls[0].Body!["replyToId"]!.ToString());
        Assert.Equal(("PUT", "77"), (_connector.Calls[1].Method, _connector.Calls[1].ActivityId));
        Assert.Equal("77", _connector.Calls[1].Body!["id"]!.ToString());
        Assert.Null(_connector.Calls[1].Body!["replyToId"]);
    }

    [Fact]
    public async Task Throttled_IsRetriedAfterRetryAfter_ThenSucceeds()
    {
        _connector.AnswerNext(429, retryAfterSeconds: 1);

        var result = await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default);

        Assert.True(result.IsSent);
        var calls = _connector.Calls;
        Assert.Equal([429, 200], calls.Select(c => c.AnsweredWith));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(900));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task PassingErrors_AreRetried(int status)
    {
        _connector.AnswerNext(status);

        Assert.True((await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default)).IsSent);
        Assert.Equal(2, _connector.Calls.Count);
    }

    [Fact]
    public async Task StillThrottledAfterThreeRetries_IsReportedForTheDispatcher_WithTheLastRetryAfter()
    {
        _connector.AnswerNext(503, retryAfterSeconds: 0, times: 4);

        var result = await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default);

        Assert.Equal(ConnectorOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.Zero, result.RetryAfter);
        Assert.Equal([503, 503, 503, 503], _connector.Calls.Select(c => c.AnsweredWith));
    }

    [Fact]
    public void Backoff_DoublesFrom400Milliseconds_GiveOrTakeAQuarter()
    {
        for (var retry = 0; retry < 3; retry++)
        {
            var expected = 400 * Math.Pow(2, retry);
            var waits = Enumerable.Range(0, 200).Select(_ => TeamsConnectorRetryHandler.Backoff(retry).TotalMilliseconds).ToList();
            Assert.All(waits, w => Assert.InRange(w, expected * 0.75, expected * 1.25));
            Assert.True(waits.Distinct().Count() > 1);
        }
    }

    [Fact]
    public async Task LongRetryAfter_IsNotWaitedInline_ButReportedForTheDispatcher()
    {
        _connector.AnswerNext(429, retryAfterSeconds: 120);

        var result = await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default);

        Assert.Equal(ConnectorOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task MessageWritesBlocked_MeansUnreachable_WithoutRetries()
    {
        _connector.AnswerNext(403, FakeTeamsConnector.MessageWritesBlocked);

        var result = await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default);

        Assert.Equal(ConnectorOutcome.Unreachable, result.Outcome);
        Assert.Contains("MessageWritesBlocked", result.Error);
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task ConversationNotFound_MeansUnreachable()
    {
        _connector.AnswerNext(404, """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""");

        Assert.Equal(ConnectorOutcome.Unreachable, (await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default)).Outcome);
    }

    [Fact]
    public async Task TooLarge_IsNotRetried()
    {
        _connector.AnswerNext(413, """{"error":{"code":"MessageSizeTooBig","message":"Message size too big."}}""");

        Assert.Equal(ConnectorOutcome.TooLarge, (await Client.SendAsync(_connector.BaseUrl, "a:1", Message("hi"), default)).Outcome);
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task UntrustedServiceUrl_GetsNothing_NotEvenAToken()
    {
        var result = await Client.SendAsync("https://attacker.example/", "a:1", Message("hi"), default);

        Assert.Equal(ConnectorOutcome.Failed, result.Outcome);
        Assert.Empty(_entra.Requests);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task CreatePersonalConversation_ReturnsTheNewConversationId()
    {
        var result = await Client.CreatePersonalConversationAsync(_connector.BaseUrl, TeamsTestHost.Tenant, $"28:{AppId}", "29:user", default);

        Assert.StartsWith("a:new-personal-", result.Id);
        var body = _connector.Calls.Single().Body!;
        Assert.Equal("29:user", body["members"]![0]!["id"]!.ToString());
        Assert.Equal(TeamsTestHost.Tenant, body["channelData"]!["tenant"]!["id"]!.ToString());
    }
}
