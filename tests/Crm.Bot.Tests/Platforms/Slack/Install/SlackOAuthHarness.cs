using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Bot.Delivery;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Slack.Install;

/// <summary>
/// A migrated database with the demo records, the fake Slack with its OAuth side, and real hosts
/// (Kestrel, every area's wiring) configured for the OAuth install, reached over real HTTP by a
/// "browser" that keeps cookies and does not follow redirects by itself.
/// </summary>
public sealed partial class SlackOAuthHarness : IAsyncDisposable
{
    private readonly List<RealHost> _hosts = [];

    private IAsyncDisposable _database = null!;
    private Func<CrmDbContext> _newContext = null!;
    private string? _sqlitePath;

    /// <summary>The PostgreSQL database (null on SQLite).</summary>
    public PostgresDatabase? Postgres { get; private set; }
    public string ConnectionString { get; private set; } = "";
    public FakeSlackServer Slack { get; private set; } = null!;
    public RealHost Host => _hosts[0];

    public CrmDbContext CreateContext() => _newContext();

    public static async Task<SlackOAuthHarness> StartAsync(string? botToken = null, bool sqlite = false)
    {
        var harness = new SlackOAuthHarness();
        if (sqlite)
        {
            var file = await SqliteDatabase.CreateAsync();
            (harness._database, harness._newContext, harness.ConnectionString, harness._sqlitePath) = (file, file.CreateContext, file.ConnectionString, file.Path);
        }
        else
        {
            var pg = await PostgresDatabase.CreateAsync();
            (harness._database, harness._newContext, harness.ConnectionString, harness.Postgres) = (pg, pg.CreateContext, pg.ConnectionString, pg);
        }
        await using (var db = harness.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        harness.Slack = await FakeSlackServer.StartAsync();
        await harness.AddHostAsync(botToken);
        return harness;
    }

    /// <summary>Another host on the same database (several hosts serve one install).</summary>
    public async Task<RealHost> AddHostAsync(string? botToken = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackHost.Secret,
            ["Slack:ClientId"] = Slack.OAuth.ClientId,
            ["Slack:ClientSecret"] = Slack.OAuth.ClientSecret,
            ["Slack:BotToken"] = botToken ?? "",
            ["Slack:ApiBaseUrl"] = Slack.ApiBaseUrl,
            ["Slack:AuthorizeUrl"] = Slack.AuthorizeUrl,
            // Rows stored by a test stay where the test put them; answers are still sent at once by the answer sender.
            ["Outbox:Dispatch"] = "false",
            ["Outbox:SlackChannelInterval"] = "00:00:00",
        };
        // The embedded store is chosen by an empty connection string and a file.
        if (_sqlitePath is not null) (settings["ConnectionStrings:Crm"], settings["Storage:SqlitePath"]) = ("", _sqlitePath);
        var host = await RealHost.StartAsync(ConnectionString, settings);
        _hosts.Add(host);
        return host;
    }

    public HttpClient Browser(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = Host.Address };

    /// <summary>Opens the install page and returns its "Add to Slack" link.</summary>
    public async Task<Uri> AddToSlackLinkAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/slack/install");
        var href = HrefOf().Match(page);
        Assert.True(href.Success, page);
        return new Uri(WebUtility.HtmlDecode(href.Groups[1].Value));
    }

    /// <summary>Follows the link to the fake Slack, which approves (or denies) and sends the browser back: the callback's URL.</summary>
    public async Task<Uri> ThroughSlackAsync(HttpClient browser, Uri link)
    {
        using var atSlack = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, atSlack.StatusCode);
        return atSlack.Headers.Location!;
    }

    /// <summary>The whole install in one browser: page, Slack, callback. Returns the callback's answer (status, page).</summary>
    public async Task<(HttpStatusCode Status, string Page)> InstallAsync(FakeSlackInstall install, HttpClient? browser = null)
    {
        Slack.OAuth.Approve(install);
        var own = browser is null;
        browser ??= Browser();
        try
        {
            var back = await ThroughSlackAsync(browser, await AddToSlackLinkAsync(browser));
            return await GetAsync(browser, back);
        }
        finally
        {
            if (own) browser.Dispose();
        }
    }

    public static async Task<(HttpStatusCode Status, string Page)> GetAsync(HttpClient browser, Uri url)
    {
        using var response = await browser.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A signed Events API delivery from <paramref name="team"/> (an org-wide install's says so in its authorization).</summary>
    public async Task<HttpStatusCode> EventAsync(RealHost host, string team, JsonObject e, string? enterprise = null, bool orgWide = false)
    {
        var body = new JsonObject
        {
            ["token"] = "x",
            ["team_id"] = team,
            ["enterprise_id"] = enterprise,
            ["api_app_id"] = FakeSlackOAuth.AppId,
            ["type"] = "event_callback",
            ["event_id"] = "Ev" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(),
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event"] = e,
            ["authorizations"] = new JsonArray(new JsonObject
            {
                ["enterprise_id"] = enterprise, ["team_id"] = orgWide ? null : team, ["user_id"] = "UB" + (orgWide ? enterprise : team),
                ["is_bot"] = true, ["is_enterprise_install"] = orgWide,
            }),
        }.ToJsonString();
        using var client = new HttpClient { BaseAddress = host.Address };
        using var response = await client.SendAsync(SlackSigner.Request("/slack/events", body, "application/json", SlackHost.Secret));
        await host.Services.GetRequiredService<SlackBackgroundWork>().IdleAsync();
        await host.Services.GetRequiredService<AnswerSender>().IdleAsync();
        return response.StatusCode;
    }

    /// <summary>A mention of the bot ("help") in <paramref name="channel"/>: the Web API calls the bot made for it (asking who, answering).</summary>
    public async Task<IReadOnlyList<FakeSlackCall>> MentionAsync(string team, string channel = "C0SALES", string? enterprise = null, bool orgWide = false,
        RealHost? host = null)
    {
        var before = Slack.Calls.Count;
        var ts = $"17000{Random.Shared.Next(10000, 99999)}.{Random.Shared.Next(100000, 999999)}";
        var status = await EventAsync(host ?? Host, team, new JsonObject
        {
            ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = channel, ["text"] = "<@U0BOT> help", ["ts"] = ts,
        }, enterprise, orgWide);
        Assert.Equal(HttpStatusCode.OK, status);
        return Slack.Calls.Skip(before).Where(c => c.Method is not ("oauth.v2.access" or "auth.teams.list")).ToList();
    }

    /// <summary>The answer among <paramref name="calls"/> (help answers only the asker).</summary>
    public static FakeSlackCall AnswerIn(IReadOnlyList<FakeSlackCall> calls) =>
        Assert.Single(calls, c => c.Method is "chat.postEphemeral" or "chat.postMessage");

    /// <summary>Sends a stored row as the dispatcher would (one attempt through the host's Slack transport).</summary>
    public static async Task<DeliveryResult> SendAsync(RealHost host, OutboxMessage row)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var transport = scope.ServiceProvider.GetServices<IMessageTransport>().Single(t => t.Platform == Domain.Common.Platform.Slack);
        return await transport.SendAsync(row, Reply.FromJson(row.ReplyJson), null, CancellationToken.None);
    }

    public static OutboxMessage Row(string team, string channel = "C0SALES", string purpose = "follow") => new()
    {
        IdempotencyKey = $"test:{Guid.NewGuid():N}",
        Platform = Domain.Common.Platform.Slack,
        Workspace = team,
        TargetKind = OutboxTargetKind.Channel,
        Recipient = channel,
        ReplyJson = Reply.Text("A customer you follow changed.").ToJson(),
        Purpose = purpose,
        Status = OutboxStatus.Pending,
        CreatedAt = DateTimeOffset.UtcNow,
        NextAttemptAt = DateTimeOffset.UtcNow,
    };

    [GeneratedRegex("<a class=\"add\" href=\"([^\"]+)\"")]
    private static partial Regex HrefOf();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        await Slack.DisposeAsync();
        await _database.DisposeAsync();
    }
}
