using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// Installing the app, end to end with the real pipeline and real tokens: activities signed by the fake Bot Framework
/// key reach the host, and the greetings arrive at the fake Bot Connector — in the team's General channel, and in a
/// 1:1 chat with the person who installed it, opened through <c>POST v3/conversations</c> — once however often Teams
/// sends the install.
/// </summary>
public sealed class TeamsOnboardingTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Sam => DemoDirectory.FindByEmail("sam@example.com")!;
    private static readonly DemoChannel General = new(Platform.Teams, DemoDirectory.TeamsTenant, TeamsActivityFactory.TeamId, "General", null);

    [Fact]
    public async Task InstallingIntoATeam_IntroducesTheBotInGeneral_AndTellsTheInstallerInA1To1Chat()
    {
        var response = await _host.PostAsync(_host.Activities.BotAddedToChannel(Sam, General));
        var calls = await _host.Connector.WaitForCallsAsync(3);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var general = Assert.Single(calls, c => c.ConversationId == General.ExternalId);
        var card = Text(general.Body!);
        Assert.Contains("CRM is ready", card);
        Assert.Contains("show acme", card); // what it can do
        Assert.Contains("@CRM admin channel <department>", card); // how an admin binds channels
        Assert.Contains("sales, support, finance, marketing, management", card);

        // The installer has no 1:1 chat with the bot yet: one is created with them, in their tenant, then used.
        var create = Assert.Single(calls, c => c.Path == "/v3/conversations");
        Assert.Equal(TeamsActivityFactory.TeamsUserId(Sam), create.Body!["members"]![0]!["id"]!.ToString());
        Assert.Equal(TeamsTestHost.Tenant, create.Body!["tenantId"]!.ToString());
        Assert.Equal(_host.Activities.BotId, create.Body!["bot"]!["id"]!.ToString());
        Assert.True(_host.Entra.Issued(create.Token, FakeTeamsConnector.Scope));
        var personal = Assert.Single(calls, c => c.ConversationId is { } id && id.StartsWith("a:new-personal-", StringComparison.Ordinal));
        Assert.True(personal.At >= create.At);
        var note = Text(personal.Body!);
        Assert.Contains("You added CRM to Demo Company", note);
        Assert.Contains("@CRM admin channel <department>", note);

        // Both were stored before they were sent, and are recorded as sent.
        await using var db = _host.Database.CreateContext();
        var rows = await db.Outbox.Where(m => m.Purpose == "welcome").ToListAsync();
        Assert.Equal(2, rows.Count);
        await WaitUntilAsync(async () => await db.Outbox.AsNoTracking().CountAsync(m => m.Purpose == "welcome" && m.Status == OutboxStatus.Sent) == 2);
    }

    [Fact]
    public async Task AnInstallTeamsSendsTwice_AndRetries_GreetsOnce()
    {
        var added = _host.Activities.BotAddedToChannel(Sam, General);
        var installed = _host.Activities.Installation(Sam, "add", General);

        await _host.PostAsync(added);
        await _host.PostAsync(installed);
        await _host.PostAsync(added); // the Bot Connector's retry of the same activity
        await _host.PostAsync(installed);
        // Three calls are the whole greeting (General, open the 1:1 chat, the 1:1 message): wait for a fourth.
        var calls = await _host.Connector.WaitForCallsAsync(4, TimeSpan.FromSeconds(3));

        Assert.Equal(3, calls.Count);
        Assert.Single(calls, c => c.ConversationId == General.ExternalId);
        Assert.Single(calls, c => c.Path == "/v3/conversations");
        await using var db = _host.Database.CreateContext();
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Purpose == "welcome"));
    }

    [Fact]
    public async Task APersonalInstall_GreetsInThatChat_Once()
    {
        var installed = _host.Activities.Installation(Sam, "add");

        await _host.PostAsync(installed);
        await _host.PostAsync(installed);
        var calls = await _host.Connector.WaitForCallsAsync(2, TimeSpan.FromSeconds(3));

        var call = Assert.Single(calls);
        Assert.Equal($"a:personal-{Sam.TeamsObjectId}", call.ConversationId);
        Assert.Contains("CRM is ready", Text(call.Body!));
        Assert.Contains("show acme", Text(call.Body!));
    }

    [Fact]
    public async Task RemovedAndAddedAgain_IsANewInstall_AndGreetsAgain_InATeamAndInAPersonalChat()
    {
        // One step at a time, each waited for: the personal install first, so the installer's note of the team install
        // goes to that known chat (no chat is opened), whatever the order the hosts handle them in.
        var personal = $"a:personal-{Sam.TeamsObjectId}";
        await _host.PostAsync(_host.Activities.Installation(Sam, "add"));
        await _host.Connector.WaitForCallsAsync(1);
        await _host.PostAsync(_host.Activities.BotAddedToChannel(Sam, General));
        Assert.Equal(3, (await _host.Connector.WaitForCallsAsync(3)).Count); // the personal greeting, General, the installer's note
        await using (var db = _host.Database.CreateContext())
            await WaitUntilAsync(async () => await db.Outbox.AsNoTracking().CountAsync(m => m.Purpose == "welcome" && m.Status == OutboxStatus.Sent) == 3);

        await _host.PostAsync(_host.Activities.Installation(Sam, "remove", General));
        await _host.PostAsync(_host.Activities.Installation(Sam, "remove"));
        await _host.PostAsync(_host.Activities.Installation(Sam, "add"));
        await _host.Connector.WaitForCallsAsync(4);
        await _host.PostAsync(_host.Activities.Installation(Sam, "add", General));
        await _host.Connector.WaitForCallsAsync(6);
        await _host.PostAsync(_host.Activities.Installation(Sam, "add")); // a repeat of the new install: still once
        var calls = await _host.Connector.WaitForCallsAsync(7, TimeSpan.FromSeconds(3));

        Assert.Equal(6, calls.Count);
        Assert.Equal(2, calls.Count(c => c.ConversationId == General.ExternalId));
        Assert.Equal(4, calls.Count(c => c.ConversationId == personal)); // two greetings, two installer's notes
        await using var check = _host.Database.CreateContext();
        var keys = await check.Outbox.Where(m => m.Purpose == "welcome").Select(m => m.IdempotencyKey).ToListAsync();
        Assert.Equal(6, keys.Count); // what was sent before the removal stays on record
        Assert.Equal(3, keys.Count(k => k.Contains(":removed:", StringComparison.Ordinal)));
    }

    /// <summary>The card as JSON with its text unescaped (the serializer writes &lt; as \u003C).</summary>
    private static string Text(JsonNode body) =>
        body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}
