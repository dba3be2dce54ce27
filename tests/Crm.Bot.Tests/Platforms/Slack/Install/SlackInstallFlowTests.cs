using System.Net;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Platforms.Slack.Install;
using Crm.Testing.Slack;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Bot.Tests.Platforms.Slack.Install;

/// <summary>
/// "Add to Slack" end to end over real HTTP against the fake Slack: the authorize link, the state bound
/// to the browser, the callback's checks (tampered, expired, replayed, missing or foreign cookie, denied:
/// nothing stored), and what is stored (tokens never in clear text).
/// </summary>
public sealed class SlackInstallFlowTests : IAsyncLifetime
{
    private SlackOAuthHarness _h = null!;

    public async Task InitializeAsync() => _h = await SlackOAuthHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<int> InstallationsAsync()
    {
        await using var db = _h.CreateContext();
        return await db.SlackInstallations.CountAsync();
    }

    [Fact]
    public async Task TheInstallPage_LinksToSlacksAuthorizeUrl_WithTheManifestsScopes_TheCallback_AndAStateBoundToAnHttpOnlyCookie()
    {
        using var browser = _h.Browser();
        using var page = await browser.GetAsync("/slack/install");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SlackInstallState.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/slack/oauth/callback", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain http here: a Secure cookie would never come back.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);

        var link = await _h.AddToSlackLinkAsync(browser);
        Assert.Equal(_h.Slack.AuthorizeUrl, link.GetLeftPart(UriPartial.Path));
        var q = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(_h.Slack.OAuth.ClientId, q["client_id"].ToString());
        Assert.Equal(string.Join(',', SlackManifest.BotScopes.Select(s => s.Scope)), q["scope"].ToString());
        Assert.Equal(new Uri(_h.Host.Address, "/slack/oauth/callback").ToString(), q["redirect_uri"].ToString());
        Assert.True(q["state"].ToString().Length > 40);
        // Each visit gets its own state.
        Assert.NotEqual(q["state"].ToString(), QueryHelpers.ParseQuery((await _h.AddToSlackLinkAsync(browser)).Query)["state"].ToString());
    }

    [Fact]
    public async Task AnInstall_StoresTheWorkspace_WithItsBotUserScopesAndInstaller_AndShowsALinkIntoSlack()
    {
        var (status, page) = await _h.InstallAsync(new FakeSlackInstall("T0ALPHA", Name: "Alpha Corp", Installer: "U0AVA"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("installed", page);
        Assert.Contains("Alpha Corp", page);
        Assert.Contains("https://slack.com/app_redirect?app=A0CRMBOT&amp;team=T0ALPHA", page);
        await using var db = _h.CreateContext();
        var row = await db.SlackInstallations.SingleAsync();
        Assert.Equal(("", "T0ALPHA", false, "UBT0ALPHA", "U0AVA", FakeSlackOAuth.AppId), (row.EnterpriseId, row.TeamId, row.IsEnterpriseInstall, row.BotUserId, row.InstallerUserId, row.AppId));
        Assert.Contains("chat:write", row.Scopes);
        Assert.Null(row.RemovedAt);
        var exchange = Assert.Single(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal(_h.Slack.OAuth.ClientSecret, exchange.Str("client_secret"));
    }

    [Fact]
    public async Task Tokens_AreNotStoredInClearText_AndTheKeyRingIsInTheDatabase()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA", ExpiresInSeconds: 43_200));
        var token = _h.Slack.OAuth.TokenOf("T0ALPHA");

        await using var connection = new NpgsqlConnection(_h.Postgres!.ConnectionString);
        await connection.OpenAsync();
        await using (var read = new NpgsqlCommand("""SELECT "ProtectedBotToken", "ProtectedRefreshToken", row_to_json(i)::text FROM slack_installations i""", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            var (bot, refresh, whole) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            Assert.DoesNotContain(token, whole);
            Assert.DoesNotContain("xox", whole);
            Assert.NotEqual(token, bot);
            // It is the token, protected: the host's cipher reads it back.
            Assert.Equal(token, _h.Host.Services.GetRequiredService<SlackTokenCipher>().Unprotect(bot));
            Assert.StartsWith("xoxe-1-", _h.Host.Services.GetRequiredService<SlackTokenCipher>().Unprotect(refresh));
        }
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task AnotherHost_ReadsTheTokensOneHostStored()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"));
        var other = await _h.AddHostAsync();

        var calls = await _h.MentionAsync("T0ALPHA", host: other);

        SlackOAuthHarness.AnswerIn(calls);
        Assert.All(calls, c => Assert.Equal(_h.Slack.OAuth.TokenOf("T0ALPHA"), c.Token));
    }

    [Fact]
    public async Task ATamperedState_IsRefused_AndNothingIsStored()
    {
        _h.Slack.OAuth.Approve(new FakeSlackInstall("T0ALPHA"));
        using var browser = _h.Browser();
        var back = await _h.ThroughSlackAsync(browser, await _h.AddToSlackLinkAsync(browser));
        var q = QueryHelpers.ParseQuery(back.Query);
        var state = q["state"].ToString();
        var tampered = state[..10] + (state[10] == 'A' ? 'B' : 'A') + state[11..];

        var (status, page) = await SlackOAuthHarness.GetAsync(browser,
            new Uri(QueryHelpers.AddQueryString(back.GetLeftPart(UriPartial.Path), new Dictionary<string, string?> { ["code"] = q["code"], ["state"] = tampered })));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("did not issue", page);
        Assert.Empty(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal(0, await InstallationsAsync());
    }

    [Fact]
    public async Task AnExpiredState_IsRefused_AndNothingIsStored()
    {
        _h.Slack.OAuth.Approve(new FakeSlackInstall("T0ALPHA"));
        var cookies = new CookieContainer();
        using var browser = _h.Browser(cookies);
        var back = await _h.ThroughSlackAsync(browser, await _h.AddToSlackLinkAsync(browser));
        var nonce = cookies.GetCookies(back)[SlackInstallState.CookieName]!.Value;
        // The same browser and nonce, but issued eleven minutes ago.
        var old = _h.Host.Services.GetRequiredService<SlackInstallState>().Issue(nonce, DateTimeOffset.UtcNow.AddMinutes(-11));

        var (status, page) = await SlackOAuthHarness.GetAsync(browser,
            new Uri(QueryHelpers.AddQueryString(back.GetLeftPart(UriPartial.Path), new Dictionary<string, string?> { ["code"] = QueryHelpers.ParseQuery(back.Query)["code"], ["state"] = old })));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("expired", page);
        Assert.Empty(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal(0, await InstallationsAsync());
    }

    [Fact]
    public async Task AReplayedState_IsRefused_EvenWithItsCookie_AndTheCodeIsExchangedOnce()
    {
        _h.Slack.OAuth.Approve(new FakeSlackInstall("T0ALPHA"));
        var cookies = new CookieContainer();
        using var browser = _h.Browser(cookies);
        var back = await _h.ThroughSlackAsync(browser, await _h.AddToSlackLinkAsync(browser));
        var cookie = cookies.GetCookies(back)[SlackInstallState.CookieName]!;
        Assert.Equal(HttpStatusCode.OK, (await SlackOAuthHarness.GetAsync(browser, back)).Status);

        // An attacker (or a reload) presenting the same state and the same cookie again.
        cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        var (status, page) = await SlackOAuthHarness.GetAsync(browser, back);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("used already", page);
        Assert.Single(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal(1, await InstallationsAsync());
    }

    [Fact]
    public async Task ACallbackWithoutTheBrowsersCookie_OrWithAnotherBrowsersCookie_IsRefused_AndNothingIsStored()
    {
        _h.Slack.OAuth.Approve(new FakeSlackInstall("T0ALPHA"));
        using var victim = _h.Browser();
        var back = await _h.ThroughSlackAsync(victim, await _h.AddToSlackLinkAsync(victim));

        // The callback opened in a browser that never started the install…
        using var stranger = _h.Browser();
        var (status, page) = await SlackOAuthHarness.GetAsync(stranger, back);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cookie is missing", page);

        // …or in one that started an install of its own.
        using var other = _h.Browser();
        await _h.AddToSlackLinkAsync(other);
        (status, page) = await SlackOAuthHarness.GetAsync(other, back);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("belongs to another one", page);

        Assert.Empty(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal(0, await InstallationsAsync());
    }

    [Fact]
    public async Task ACancelledInstall_SaysSo_AndStoresNothing()
    {
        _h.Slack.OAuth.Deny();
        using var browser = _h.Browser();
        var back = await _h.ThroughSlackAsync(browser, await _h.AddToSlackLinkAsync(browser));
        Assert.Equal("access_denied", QueryHelpers.ParseQuery(back.Query)["error"].ToString());

        var (status, page) = await SlackOAuthHarness.GetAsync(browser, back);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cancelled", page);
        Assert.Empty(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal(0, await InstallationsAsync());
    }

    [Fact]
    public async Task ACodeSlackRefuses_StoresNothing()
    {
        _h.Slack.Script("oauth.v2.access", FakeSlackAnswer.Error("invalid_code"));

        var (status, page) = await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"));

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("invalid_code", page);
        Assert.Equal(0, await InstallationsAsync());
    }
}
