using Crm.Bot.Platforms.Teams;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsOptionsTests
{
    private const string AppId = "0b8f9c1e-7a2d-4e5f-9a61-2c3d4e5f6a7b";

    private static TeamsOptions Configured(Action<TeamsOptions>? change = null)
    {
        var options = new TeamsOptions { AppId = AppId, AppPassword = "secret", TenantId = "11111111-2222-4333-8444-555555555555" };
        change?.Invoke(options);
        return options;
    }

    private static IReadOnlyList<string> Failures(TeamsOptions options) =>
        new TeamsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void NothingConfigured_IsFine_TheEndpointJustRefuses() => Assert.Empty(Failures(new TeamsOptions()));

    [Theory]
    [InlineData("https://crm.example.com/customers")]
    [InlineData("crm.example.com/customers/{id}")]
    public void ACustomerLinkPatternWithoutOneIdInAnAbsoluteUrl_IsRefused(string pattern) =>
        Assert.Contains("Teams:CustomerLinkPattern", Assert.Single(Failures(new TeamsOptions { CustomerLinkPattern = pattern })));

    [Fact]
    public void SingleTenant_AllowsItsHomeTenant_AndGetsTokensFromIt()
    {
        var options = Configured();

        Assert.Empty(Failures(options));
        Assert.Equal(["11111111-2222-4333-8444-555555555555"], options.EffectiveAllowedTenants);
        Assert.Equal("https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token",
            TeamsConnectorClient.Credentials(options).TokenUrl);
    }

    [Fact]
    public void MultiTenant_GetsTokensFromBotframeworkCom_AndMustListTenants()
    {
        var options = Configured(o => o.TenantId = "");

        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", TeamsConnectorClient.Credentials(options).TokenUrl);
        Assert.Contains(Failures(options), f => f.Contains("Teams:AllowedTenants"));
        options.AllowedTenants = ["11111111-2222-4333-8444-555555555555, 22222222-2222-4333-8444-555555555555"];
        Assert.Empty(Failures(options));
        Assert.Equal(2, options.EffectiveAllowedTenants.Count);
    }

    [Fact]
    public void AppIdWithoutPassword_IsRefused_NamingTheKey() =>
        Assert.Contains(Failures(Configured(o => o.AppPassword = "")), f => f.StartsWith("Teams:AppPassword"));

    [Theory]
    [InlineData("http://login.example.com", false)]
    [InlineData("ftp://127.0.0.1/x", false)]
    [InlineData("not a url", false)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://login.microsoftonline.us", true)]
    public void PlainHttp_IsAcceptedOnlyForLoopback(string url, bool accepted)
    {
        var failures = Failures(Configured(o => o.TokenAuthority = url));

        Assert.Equal(accepted, failures.Count == 0);
        if (!accepted) Assert.Contains(failures, f => f.StartsWith("Teams:TokenAuthority"));
    }

    [Fact]
    public void GraphCacheLongerThanItsStaleLimit_IsRefused() =>
        Assert.False(new GraphOptionsValidator().Validate(null, new GraphOptions { CacheMinutes = 30, StaleIdentityMinutes = 10 }).Succeeded);
}
