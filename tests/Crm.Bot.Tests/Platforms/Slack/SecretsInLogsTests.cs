using System.Net;
using Crm.Bot.Hosting.Logging;
using Crm.Bot.Platforms.Slack;
using Crm.Testing;
using Crm.Testing.Logging;
using Crm.Testing.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>What the real host writes to its log at the default levels, with real HTTP calls to the fake Slack.</summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private FakeSlackServer _slack = null!;
    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _slack = await FakeSlackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    // The shipped defaults (appsettings.json): Information for everything but ASP.NET Core and EF.
    private SlackHost Host() => new(_database.ConnectionString, _slack, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        },
        services: s => s.AddSingleton<ILoggerProvider>(_logs));

    [Fact]
    public async Task ResponseUrls_DirectoryIds_AndEmails_NeverReachTheLog()
    {
        await using var host = Host();
        _ = host.Services; // start it
        var api = host.Services.GetRequiredService<SlackApiClient>();
        await api.PostToResponseUrlAsync(_slack.ResponseUrl("T0DEMO-1234-XyZsecretToken9"), new System.Text.Json.Nodes.JsonObject { ["text"] = "hi" },
            SlackCallMode.Once, CancellationToken.None);
        // Any client of the host: a Graph-style user lookup and a Slack e-mail lookup.
        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("graph");
        (await http.GetAsync($"{_slack.BaseUrl}v1.0/users/4f6d7c1e-0a1b-4c2d-9e8f-123456789abc/memberOf")).Dispose();
        (await http.GetAsync($"{_slack.BaseUrl}v1.0/users/ava@example.com")).Dispose();
        (await http.GetAsync($"{_slack.BaseUrl}api/users.lookupByEmail?email=fiona%40example.com")).Dispose();

        var lines = _logs.Lines.Where(l => l.Level >= LogLevel.Information).Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.Contains("/v1.0/users/", StringComparison.Ordinal)); // the calls are logged…
        foreach (var secret in new[] { "XyZsecretToken9", "4f6d7c1e-0a1b-4c2d-9e8f-123456789abc", "ava@example.com", "fiona" })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)); // …without what identifies anyone
    }

    [Fact]
    public async Task ManyBadlySignedRequests_AreOneLineWithTheirCount_NotALineEach()
    {
        var host = Host();
        var client = host.CreateClient();
        for (var i = 0; i < 40; i++)
        {
            var request = SlackSigner.Request("/slack/commands", $"command=%2Fcrm&text=show+acme&user_id=U{i}", "application/x-www-form-urlencoded", "not-the-secret");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("Slack", StringComparison.Ordinal) && l.Level >= LogLevel.Warning);
        host.Services.GetRequiredService<PreAuthRejections>().Flush(); // what the minute's tick does
        await host.DisposeAsync();

        var summary = Assert.Single(_logs.Lines, l => l.Category.EndsWith(nameof(PreAuthRejections), StringComparison.Ordinal));
        Assert.Contains("Refused 40 unauthenticated Slack request(s)", summary.Message);
    }

    [Fact]
    public void Rejections_AreWrittenOncePerMinute_AsOneLinePerEdge()
    {
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var rejections = new PreAuthRejections(new LoggerFactory([logs]).CreateLogger<PreAuthRejections>(), clock);
        for (var i = 0; i < 25; i++) rejections.Record("Slack", "/slack/events: the signature does not match");
        for (var i = 0; i < 3; i++) rejections.Record("Teams", "the token has expired");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(logs.Lines);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, logs.Lines.Count);
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("Refused 25 unauthenticated Slack request(s) in the last minute: 25 × /slack/events", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("Refused 3 unauthenticated Teams request(s)", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(1)); // a quiet minute writes nothing
        Assert.Equal(2, logs.Lines.Count);
    }

    [Fact]
    public void AttackerChosenReasons_AreEscapedAndCut()
    {
        var logs = new CapturedLogs();
        using (var rejections = new PreAuthRejections(new LoggerFactory([logs]).CreateLogger<PreAuthRejections>(), TimeProvider.System))
            rejections.Record("Teams", "tenant evil\n2026-12-07 INFO admin granted\u202Egnp.exe" + new string('A', 5000));

        var line = Assert.Single(logs.Lines).Message;
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", line, StringComparison.Ordinal);
        Assert.Contains("\\u000a", line);
        Assert.True(line.Length < 400, $"{line.Length} characters logged");
    }
}
