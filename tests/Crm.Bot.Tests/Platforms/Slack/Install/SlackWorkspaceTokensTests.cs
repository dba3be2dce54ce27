using System.Net;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack.Install;
using Crm.Domain.Audit;
using Crm.Domain.Files;
using Crm.Domain.Replies;
using Crm.Domain.Outbox;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Slack.Install;

/// <summary>
/// Every call into a workspace uses that workspace's token: two workspaces, an org-wide install, the
/// configured single token for workspaces without an installation; uninstalls and revoked tokens stop a
/// workspace's deliveries; rotating tokens are refreshed once for all hosts.
/// </summary>
public sealed class SlackWorkspaceTokensTests : IAsyncLifetime
{
    private SlackOAuthHarness _h = null!;

    public async Task InitializeAsync() => _h = await SlackOAuthHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<OutboxMessage> StoreAsync(OutboxMessage row)
    {
        await using var db = _h.CreateContext();
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        db.Entry(row).State = EntityState.Detached;
        return row;
    }

    private async Task<OutboxMessage> ReadAsync(long id)
    {
        await using var db = _h.CreateContext();
        return await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    [Fact]
    public async Task TwoWorkspaces_GetTheirOwnTokens_AndAMessageToOneNeverUsesTheOthersToken()
    {
        Assert.Equal(HttpStatusCode.OK, (await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await _h.InstallAsync(new FakeSlackInstall("T0BETA"))).Status);
        var (alpha, beta) = (_h.Slack.OAuth.TokenOf("T0ALPHA"), _h.Slack.OAuth.TokenOf("T0BETA"));
        Assert.NotEqual(alpha, beta);

        // Requests from each workspace: the bot asks who is asking and answers with that workspace's token.
        var fromAlpha = await _h.MentionAsync("T0ALPHA");
        var fromBeta = await _h.MentionAsync("T0BETA");
        SlackOAuthHarness.AnswerIn(fromAlpha);
        SlackOAuthHarness.AnswerIn(fromBeta);
        Assert.All(fromAlpha, c => Assert.Equal(alpha, c.Token));
        Assert.All(fromBeta, c => Assert.Equal(beta, c.Token));

        // Stored rows (follow notices, digests), sent as the dispatcher sends them, interleaved.
        _h.Slack.Clear();
        var rows = new[] { "T0ALPHA", "T0BETA", "T0ALPHA", "T0BETA" }.Select(t => SlackOAuthHarness.Row(t, channel: "C" + t)).ToList();
        await Task.WhenAll(rows.Select(async r => Assert.Equal(DeliveryOutcome.Sent, (await SlackOAuthHarness.SendAsync(_h.Host, r)).Outcome)));
        var posts = _h.Slack.CallsTo("chat.postMessage");
        Assert.Equal(4, posts.Count);
        Assert.All(posts, p => Assert.Equal(p.Str("channel") == "CT0ALPHA" ? alpha : beta, p.Token));
    }

    [Fact]
    public async Task AFileUpload_UsesTheTokenOfTheWorkspaceItGoesTo()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"));
        await _h.InstallAsync(new FakeSlackInstall("T0BETA"));
        var beta = _h.Slack.OAuth.TokenOf("T0BETA");
        // An export answer for someone in BETA: the message into their DM, then the file through files.*.
        var file = ReplyFile.Create("pipeline.csv", "text/csv", "Stage,Deals\nnegotiate,1\n"u8.ToArray(), ReplyFileKind.Export);
        var reply = new Reply { FallbackText = "export", Blocks = [new TextBlock("export"), new FileBlock(file.Id, file.Name)], Files = [file] };
        var row = SlackOAuthHarness.Row("T0BETA", channel: "U0AVA", purpose: "answer");
        row.TargetKind = OutboxTargetKind.User;
        row.ReplyJson = reply.ToJson();
        await using (var db = _h.CreateContext())
        {
            ReplyFiles.Add(db, reply, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        _h.Slack.Clear();

        Assert.Equal(DeliveryOutcome.Sent, (await SlackOAuthHarness.SendAsync(_h.Host, row)).Outcome);

        var files = _h.Slack.CallsTo("files.getUploadURLExternal").Concat(_h.Slack.CallsTo("files.completeUploadExternal")).ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, c => Assert.Equal(beta, c.Token));
    }

    [Fact]
    public async Task AnOrgWideInstall_ServesTheWorkspacesOfItsOrganization_AndOnlyThose()
    {
        await _h.InstallAsync(new FakeSlackInstall(null, "E0GRID", OrgWide: true, OrgTeams: ["T0NORTH", "T0SOUTH"], Name: "Grid Inc"));
        await using (var db = _h.CreateContext())
        {
            var row = await db.SlackInstallations.SingleAsync();
            Assert.Equal(("E0GRID", "", true, "Grid Inc"), (row.EnterpriseId, row.TeamId, row.IsEnterpriseInstall, row.Name));
        }
        var org = _h.Slack.OAuth.TokenOf("E0GRID");

        var north = await _h.MentionAsync("T0NORTH", enterprise: "E0GRID", orgWide: true);
        var south = await _h.MentionAsync("T0SOUTH", enterprise: "E0GRID", orgWide: true);

        SlackOAuthHarness.AnswerIn(north);
        Assert.All(north.Concat(south), c => Assert.Equal(org, c.Token));
        // Which workspaces the org serves was asked once, with the org's token.
        var asked = Assert.Single(_h.Slack.CallsTo("auth.teams.list"));
        Assert.Equal(org, asked.Token);

        // A workspace outside the organization, with no installation and no configured token: refused without calling Slack.
        _h.Slack.Clear();
        var result = await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ELSEWHERE"));
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("not_installed", result.Error);
        Assert.Empty(_h.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task WithOAuthAndABotToken_AWorkspaceWithoutAnInstallation_IsServedByTheBotToken()
    {
        await using var harness = await SlackOAuthHarness.StartAsync(botToken: SlackHost.BotToken);
        await harness.InstallAsync(new FakeSlackInstall("T0ALPHA"));

        var installed = await harness.MentionAsync("T0ALPHA");
        var configured = await harness.MentionAsync("T0DEMO");

        Assert.All(installed, c => Assert.Equal(harness.Slack.OAuth.TokenOf("T0ALPHA"), c.Token));
        SlackOAuthHarness.AnswerIn(configured);
        Assert.All(configured, c => Assert.Equal(SlackHost.BotToken, c.Token));
    }

    [Fact]
    public async Task AppUninstalled_RemovesTheTokens_FailsPendingRowsForGoodWithAnAuditRecord_AndLaterSendsNeverReachSlack()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"));
        await _h.InstallAsync(new FakeSlackInstall("T0BETA"));
        // A row waiting for its retry, and one due now; and one of the other workspace.
        var waiting = SlackOAuthHarness.Row("T0ALPHA");
        (waiting.Attempts, waiting.NextAttemptAt, waiting.LockedUntil) = (1, DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddMinutes(5));
        waiting = await StoreAsync(waiting);
        var due = await StoreAsync(SlackOAuthHarness.Row("T0ALPHA", channel: "C0SUPPORT"));
        var other = await StoreAsync(SlackOAuthHarness.Row("T0BETA"));
        _h.Slack.Clear();

        var status = await _h.EventAsync(_h.Host, "T0ALPHA", new JsonObject { ["type"] = "app_uninstalled" });

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var id in new[] { waiting.Id, due.Id })
        {
            var row = await ReadAsync(id);
            Assert.Equal(OutboxStatus.Failed, row.Status);
            Assert.Contains("uninstalled", row.LastError);
            await using var db = _h.CreateContext();
            var audit = Assert.Single(await db.Audit.AsNoTracking().Where(a => a.RecordRef == row.IdempotencyKey).ToListAsync());
            Assert.Equal((AuditAction.Delivery, AuditOutcome.Failed), (audit.Action, audit.Outcome));
            Assert.Contains("uninstalled", audit.Detail);
        }
        Assert.Equal(OutboxStatus.Pending, (await ReadAsync(other.Id)).Status);
        await using (var db = _h.CreateContext())
        {
            var removed = await db.SlackInstallations.AsNoTracking().SingleAsync(i => i.TeamId == "T0ALPHA");
            Assert.Equal((null, null), (removed.ProtectedBotToken, removed.ProtectedRefreshToken));
            Assert.NotNull(removed.RemovedAt);
        }

        // Later: a stored row and a request from the workspace are refused without a call to Slack.
        var later = await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"));
        Assert.Equal(DeliveryOutcome.Permanent, later.Outcome);
        Assert.Contains("app_uninstalled", later.Error);
        await _h.MentionAsync("T0ALPHA");
        Assert.Empty(_h.Slack.Calls);
        // The other workspace is untouched.
        Assert.Equal(DeliveryOutcome.Sent, (await SlackOAuthHarness.SendAsync(_h.Host, other)).Outcome);
        Assert.Equal(_h.Slack.OAuth.TokenOf("T0BETA"), Assert.Single(_h.Slack.Calls).Token);

        // Installing again brings the workspace back.
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"));
        Assert.Equal(DeliveryOutcome.Sent, (await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"))).Outcome);
    }

    [Fact]
    public async Task RevokedBotTokens_StopTheWorkspacesDeliveries_ButRevokedUserTokensChangeNothing()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA"));
        var pending = await StoreAsync(SlackOAuthHarness.Row("T0ALPHA"));

        await _h.EventAsync(_h.Host, "T0ALPHA", new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["oauth"] = new JsonArray("U0AVA") } });
        Assert.Equal(OutboxStatus.Pending, (await ReadAsync(pending.Id)).Status);
        Assert.Equal(DeliveryOutcome.Sent, (await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"))).Outcome);

        await _h.EventAsync(_h.Host, "T0ALPHA", new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["bot"] = new JsonArray("UBT0ALPHA") } });
        var failed = await ReadAsync(pending.Id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Contains("revoked", failed.LastError);
        _h.Slack.Clear();
        Assert.Equal(DeliveryOutcome.Permanent, (await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"))).Outcome);
        Assert.Empty(_h.Slack.Calls);
    }

    [Fact]
    public async Task ARotatingTokenDueToExpire_IsRefreshedOnce_ForManyConcurrentSendsOnTwoHosts()
    {
        // Two minutes left: inside the refresh margin, so the first use refreshes it.
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA", ExpiresInSeconds: 120));
        var first = _h.Slack.OAuth.TokenOf("T0ALPHA");
        var second = await _h.AddHostAsync();
        _h.Slack.Clear();

        var sends = Enumerable.Range(0, 16).Select(i => SlackOAuthHarness.SendAsync(i % 2 == 0 ? _h.Host : second, SlackOAuthHarness.Row("T0ALPHA")));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Sent, r.Outcome));
        var refresh = Assert.Single(_h.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal("refresh_token", refresh.Str("grant_type"));
        Assert.StartsWith("xoxe-1-T0ALPHA-", refresh.Str("refresh_token"));
        var fresh = _h.Slack.OAuth.TokenOf("T0ALPHA");
        Assert.NotEqual(first, fresh);
        Assert.All(_h.Slack.CallsTo("chat.postMessage"), c => Assert.Equal(fresh, c.Token));
        await using var db = _h.CreateContext();
        var row = await db.SlackInstallations.AsNoTracking().SingleAsync();
        Assert.Equal(fresh, _h.Host.Services.GetRequiredService<SlackTokenCipher>().Unprotect(row.ProtectedBotToken!));
        Assert.True(row.TokenExpiresAt > DateTimeOffset.UtcNow.AddHours(11));
    }

    [Fact]
    public async Task ATokenSlackCallsExpired_IsRefreshedAndTheCallMadeAgain()
    {
        await _h.InstallAsync(new FakeSlackInstall("T0ALPHA", ExpiresInSeconds: 43_200));
        var first = _h.Slack.OAuth.TokenOf("T0ALPHA");
        Assert.Equal(DeliveryOutcome.Sent, (await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"))).Outcome);
        _h.Slack.OAuth.Expire(first);
        _h.Slack.Clear();

        var result = await SlackOAuthHarness.SendAsync(_h.Host, SlackOAuthHarness.Row("T0ALPHA"));

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Single(_h.Slack.CallsTo("oauth.v2.access"));
        var posts = _h.Slack.CallsTo("chat.postMessage");
        Assert.Equal([first, _h.Slack.OAuth.TokenOf("T0ALPHA")], posts.Select(p => p.Token));
    }
}
