using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Outbox;
using Crm.Testing.Slack;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Slack.Install;

/// <summary>The install, the per-workspace tokens, rotation and uninstall on the embedded store (SQLite), as on PostgreSQL.</summary>
public sealed class SlackInstallOnSqliteTests : IAsyncLifetime
{
    private SlackOAuthHarness _h = null!;

    public async Task InitializeAsync() => _h = await SlackOAuthHarness.StartAsync(sqlite: true);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task OnSqlite_AnInstall_ServesItsWorkspace_ProtectedAtRest_UntilItIsUninstalled()
    {
        Assert.Equal(HttpStatusCode.OK, (await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"))).Status);
        var calls = await _h.MentionAsync("T0ALPHA");
        SlackOAuthHarness.AnswerIn(calls);
        Assert.All(calls, c => Assert.Equal(_h.Slack.OAuth.TokenOf("T0ALPHA"), c.Token));

        await using (var connection = new SqliteConnection(_h.ConnectionString))
        {
            await connection.OpenAsync();
            await using var read = new SqliteCommand("""SELECT "ProtectedBotToken" FROM slack_installations""", connection);
            var stored = (string)(await read.ExecuteScalarAsync())!;
            Assert.DoesNotContain("xox", stored);
        }

        OutboxMessage pending;
        await using (var db = _h.CreateContext())
        {
            pending = SlackOAuthHarness.Row("T0ALPHA");
            db.Outbox.Add(pending);
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.OK, await _h.EventAsync(_h.Host, "T0ALPHA", new JsonObject { ["type"] = "app_uninstalled" }));
        await using (var db = _h.CreateContext())
            Assert.Equal(OutboxStatus.Failed, (await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == pending.Id)).Status);
        _h.Slack.Clear();
        Assert.Equal(DeliveryOutcome.Permanent, (await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"))).Outcome);
        Assert.Empty(_h.Slack.Calls);
    }

    [Fact]
    public async Task OnSqlite_ARotatingTokenDueToExpire_IsRefreshedOnce_ForConcurrentSendsOnTwoHosts()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA", ExpiresInSeconds: 120));
        var second = await _h.AddHostAsync();
        _h.Slack.Clear();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SlackOAuthHarness.SendAsync(i % 2 == 0 ? _h.Host : second, SlackOAuthHarness.Row("T0ALPHA"))));

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Sent, r.Outcome));
        Assert.Single(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.All(_h.Slack.CallsTo("chat.postMessage"), c => Assert.Equal(_h.Slack.OAuth.TokenOf("T0ALPHA"), c.Token));
    }
}
