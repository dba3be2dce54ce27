using Crm.Bot.Platforms;
using Crm.Bot.Platforms.Slack;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class SlackOptionsValidatorTests
{
    private static IReadOnlyList<string> Problems(SlackOptions options) =>
        new SlackOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void NoSlackConfiguration_IsValid_SoTheHostRuns() => Assert.Empty(Problems(new SlackOptions()));

    [Theory]
    [InlineData("https://slack.com/api/")]
    [InlineData("http://127.0.0.1:5123/api/")]
    [InlineData("http://[::1]:5123/api/")]
    [InlineData("http://localhost:5123/api/")]
    public void ApiBaseUrl_HttpsOrLoopbackHttp_IsAccepted(string url) => Assert.Empty(Problems(new SlackOptions { ApiBaseUrl = url }));

    [Theory]
    [InlineData("http://slack.com/api/", "https")]
    [InlineData("http://10.0.0.5/api/", "loopback")]
    [InlineData("slack.com/api", "absolute")]
    [InlineData("ftp://slack.com/api/", "https")]
    public void ApiBaseUrl_PlainHttpElsewhere_IsRefused_NamingTheKey(string url, string hint)
    {
        var problem = Assert.Single(Problems(new SlackOptions { ApiBaseUrl = url }));
        Assert.Contains("Slack:ApiBaseUrl", problem);
        Assert.Contains(hint, problem);
    }

    [Theory]
    [InlineData("https://crm.example.com/customers")]
    [InlineData("https://crm.example.com/{id}/{id}")]
    [InlineData("crm.example.com/customers/{id}")]
    public void CustomerLinkPattern_WithoutExactlyOneId_IsRefused(string pattern) =>
        Assert.Contains("Slack:CustomerLinkPattern", Assert.Single(Problems(new SlackOptions { CustomerLinkPattern = pattern })));

    [Fact]
    public void TheRenamedChannelPostInterval_IsRefused_NamingTheSettingThatReplacesIt()
    {
        var problem = Assert.Single(Problems(new SlackOptions { ChannelPostIntervalMs = 1500 }));
        Assert.Contains("Slack:ChannelPostIntervalMs", problem);
        Assert.Contains("Outbox:SlackChannelInterval=00:00:01.5", problem);
    }

    [Fact]
    public void SigningSecretWithoutBotToken_IsRefused() =>
        Assert.Contains("Slack:BotToken", Assert.Single(Problems(new SlackOptions { SigningSecret = "s" })));

    [Fact]
    public void WithClientIdAndSecret_TheBotTokenIsOptional() =>
        Assert.Empty(Problems(new SlackOptions { SigningSecret = "s", ClientId = "1.2", ClientSecret = "c" }));

    [Theory]
    [InlineData("1.2", null)]
    [InlineData(null, "c")]
    public void ClientIdWithoutSecret_OrTheOtherWayRound_IsRefused(string? id, string? secret) =>
        Assert.Contains("Slack:ClientId and Slack:ClientSecret", Assert.Single(Problems(new SlackOptions { BotToken = "xoxb-1", ClientId = id, ClientSecret = secret })));

    [Theory]
    [InlineData("http://slack.com/oauth/v2/authorize")]
    [InlineData("slack.com/oauth/v2/authorize")]
    public void AnAuthorizeUrlThatIsNotHttps_IsRefused(string url) =>
        Assert.Contains("Slack:AuthorizeUrl", Assert.Single(Problems(new SlackOptions { ClientId = "1.2", ClientSecret = "c", AuthorizeUrl = url })));

    [Fact]
    public void SocketMode_NeedsNoSigningSecret()
    {
        var options = new SlackOptions { AppToken = "xapp-1-A0CRM-1-abc", BotToken = "xoxb-1" };
        Assert.Empty(Problems(options));
        Assert.True(options.SocketMode);
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void AnAppTokenThatIsNotAnAppLevelToken_IsRefused_WithoutShowingIt()
    {
        var problem = Assert.Single(Problems(new SlackOptions { AppToken = "xoxb-pasted-in-the-wrong-place", BotToken = "xoxb-1" }));
        Assert.Contains("Slack:AppToken", problem);
        Assert.Contains("xapp-", problem);
        Assert.DoesNotContain("pasted-in-the-wrong-place", problem);
    }

    [Fact]
    public void SocketModeWithAnOAuthInstall_NeedsNoBotToken() =>
        Assert.Empty(Problems(new SlackOptions { AppToken = "xapp-1-A0CRM-1-abc", ClientId = "1.2", ClientSecret = "c" }));

    [Fact]
    public void SocketModeWithoutBotToken_IsRefused() =>
        Assert.Contains("Slack:BotToken", Assert.Single(Problems(new SlackOptions { AppToken = "xapp-1-A0CRM-1-abc" })));

    [Fact]
    public void InlineBudget_BeyondSlacksDeadline_IsRefused() =>
        Assert.Contains("3 s", Assert.Single(Problems(new SlackOptions { InlineReplyBudgetMs = 3000 })));

    [Theory]
    [InlineData("https://crm.example.com/customers/C-1001", "C-1001")]
    [InlineData("https://crm.example.com/customers/c-42/", "C-42")]
    [InlineData("https://crm.example.com/customers/1001?tab=deals", "C-1001")]
    [InlineData("https://crm.example.com/customers/", null)]
    [InlineData("https://evil.example/customers/C-1001", null)]
    [InlineData("https://crm.example.com/customers/C-1001/../admin", null)]
    public void CustomerLinks_AreRecognisedOnlyOnTheConfiguredPattern(string url, string? expected) =>
        Assert.Equal(expected, new CustomerLinks("https://crm.example.com/customers/{id}").CustomerIdOf(url));
}
