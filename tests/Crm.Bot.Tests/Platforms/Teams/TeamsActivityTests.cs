using System.Net;
using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsActivityTests : IAsyncLifetime
{
    private readonly RecordingPipeline _pipeline = new();
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TeamsTestHost.StartAsync(s => s.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(_pipeline)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Sam => DemoDirectory.FindByEmail("sam@example.com")!;
    private static DemoChannel Support => DemoDirectory.Channels.Single(c => c.Name == "Support");

    [Fact]
    public async Task PersonalMessage_RunsThePipelinePrivately_AndRepliesWithACard()
    {
        var activity = _host.Activities.Personal(Sam, "show acme");

        var response = await _host.PostAsync(activity);
        var calls = await _host.Connector.WaitForCallsAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_pipeline.Requests);
        Assert.Equal(new ChatRequest(Platform.Teams, TeamsTestHost.Tenant, null, Sam.TeamsObjectId, "show acme", $"teams:{activity["id"]}", ReplyVisibility.Private)
            { DeliveryKey = $"teams:activity:{activity["id"]}" }, request with { ChannelName = null, ReplyTo = null });
        var call = Assert.Single(calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"a:personal-{Sam.TeamsObjectId}", call.ConversationId);
        Assert.Equal(activity["id"]!.ToString(), call.ActivityId);
        Assert.Equal("application/vnd.microsoft.card.adaptive", call.Body!["attachments"]![0]!["contentType"]!.ToString());
        Assert.True(_host.Entra.Issued(call.Token, FakeTeamsConnector.Scope));
        await using var db = _host.Database.CreateContext();
        var stored = await db.Outbox.SingleAsync();
        await WaitUntilAsync(async () => (await Reload(stored.Id)).Status == OutboxStatus.Sent);
    }

    [Fact]
    public async Task ChannelMention_StripsTheBotsMention_AndAnswersInTheThreadAtChannelClearance()
    {
        var activity = _host.Activities.ChannelMention(Sam, Support, "show acme");

        await _host.PostAsync(activity);
        var call = Assert.Single(await _host.Connector.WaitForCallsAsync(1));

        var request = Assert.Single(_pipeline.Requests);
        Assert.Equal("show acme", request.Text);
        Assert.Equal(ReplyVisibility.Channel, request.Visibility);
        Assert.Equal(Support.ExternalId, request.ChannelId);
        Assert.Equal("Support", request.ChannelName);
        Assert.Equal($"{Support.ExternalId};messageid={activity["id"]}", call.ConversationId);
        Assert.Equal(activity["id"]!.ToString(), call.ActivityId);
        var refresh = call.Body!["attachments"]![0]!["content"]!["refresh"]!;
        Assert.Equal("refresh", refresh["action"]!["verb"]!.ToString());
        Assert.Equal("show acme", refresh["action"]!["data"]!["command"]!.ToString());
        Assert.Contains(TeamsActivityFactory.TeamsUserId(Sam), refresh["userIds"]!.AsArray().Select(u => u!.ToString()));
    }

    [Fact]
    public async Task RedeliveredActivity_RunsOnlyOnce()
    {
        var activity = _host.Activities.Personal(Sam, "note acme called them");

        await _host.PostAsync(activity);
        var again = await _host.PostAsync(activity);
        await _host.Connector.WaitForCallsAsync(1);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(_pipeline.Requests);
        await using var db = _host.Database.CreateContext();
        Assert.Equal(1, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task BotAddedToChannel_StoresTheConversationReference_AndPostsAWelcomeCard()
    {
        await _host.PostAsync(_host.Activities.BotAddedToChannel(Sam, Support));
        // The channel's welcome, and the installer's: a 1:1 chat opened, then the message in it.
        var calls = await _host.Connector.WaitForCallsAsync(3);
        var call = Assert.Single(calls, c => c.ConversationId == Support.ExternalId);

        await using var db = _host.Database.CreateContext();
        var channel = await db.Channels.SingleAsync(c => c.ExternalId == Support.ExternalId);
        Assert.Contains(_host.Connector.BaseUrl, channel.ConversationReference);
        Assert.Equal(Support.ExternalId, call.ConversationId);
        Assert.Null(call.ActivityId);
        Assert.Contains("CRM is ready", call.Body!.ToJsonString());
        Assert.Empty(_pipeline.Requests);
    }

    [Fact]
    public async Task InstallAndConversationUpdate_WelcomeOnlyOnce()
    {
        await _host.PostAsync(_host.Activities.BotAddedToChannel(Sam, Support));
        await _host.PostAsync(_host.Activities.Installation(Sam, "add", Support));
        await _host.Connector.WaitForCallsAsync(4, TimeSpan.FromSeconds(2));

        Assert.Single(_host.Connector.Calls, c => c.ConversationId == Support.ExternalId);
        Assert.Equal(3, _host.Connector.Calls.Count);
    }

    [Fact]
    public async Task AppRemovedFromTeam_MarksTheChannelUnreachable()
    {
        await _host.PostAsync(_host.Activities.BotAddedToChannel(Sam, Support));
        await _host.PostAsync(_host.Activities.Installation(Sam, "remove", Support));

        await using var db = _host.Database.CreateContext();
        var channel = await db.Channels.SingleAsync(c => c.ExternalId == Support.ExternalId);
        Assert.Contains("removed", channel.UnreachableReason);
        Assert.NotNull(channel.UnreachableSince);
    }

    [Fact]
    public async Task ActionSubmit_ReentersThePipeline_WithTheFormInputsFilledIn()
    {
        var data = new JsonObject { ["command"] = "note acme {text}", ["input_text"] = "Wants a demo" };

        await _host.PostAsync(_host.Activities.Submit(Sam, data));
        await _host.Connector.WaitForCallsAsync(1);

        var request = Assert.Single(_pipeline.Requests);
        Assert.Equal("note acme \"Wants a demo\"", request.Text);
        Assert.True(request.FromButton);
    }

    [Fact]
    public async Task ActionExecute_WithAnAnswerTooLongForOneCard_ReturnsTheFirst_AndPostsTheRest()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"T-{i}", new string('x', 400)]).ToList();
        _pipeline.Answer = r => new Reply { Visibility = r.Visibility, FallbackText = "Tickets", Blocks = [new TableBlock(null, ["Ticket", "Subject"], rows)] };

        var response = await _host.PostAsync(_host.Activities.Execute(Sam, "crm", new JsonObject { ["command"] = "report tickets" }, Support));
        var first = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!.ToJsonString();
        await using var db = _host.Database.CreateContext();
        var row = await db.Outbox.SingleAsync();
        Assert.Equal("answer-rest", row.Purpose);
        await WaitUntilAsync(async () => (await Reload(row.Id)).Status == OutboxStatus.Sent);

        Assert.Contains("T-1\"", first);
        Assert.DoesNotContain("T-300\"", first);
        var posted = string.Join("", _host.Connector.Calls.Select(c => c.Body!.ToJsonString()));
        Assert.Contains("T-300", posted);
        Assert.DoesNotContain("\"T-1\"", posted);
        Assert.All(_host.Connector.Calls, c => Assert.Equal("POST", c.Method));
    }

    [Fact]
    public async Task ActionExecute_IsAnsweredInTheSameResponse_WithTheNewCard()
    {
        var response = await _host.PostAsync(_host.Activities.Execute(Sam, "crm", new JsonObject { ["command"] = "show C-1001" }, Support));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.ToString());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.ToString());
        var request = Assert.Single(_pipeline.Requests);
        Assert.Equal("show C-1001", request.Text);
        // The updated card replaces the posted one in the channel, so it stays at channel clearance.
        Assert.Equal(ReplyVisibility.Channel, request.Visibility);
        Assert.Empty(_host.Connector.Calls);
    }

    [Fact]
    public async Task CardRefresh_ShowsTheViewerTheirOwnPermittedView()
    {
        var response = await _host.PostAsync(_host.Activities.Execute(Sam, "refresh", new JsonObject { ["command"] = "show acme" }, Support));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_pipeline.Requests);
        Assert.Equal(ReplyVisibility.Private, request.Visibility);
        Assert.Equal(Support.ExternalId, request.ChannelId);
    }

    [Fact]
    public async Task CardRefresh_OfACommandThatChangesThings_IsRefused()
    {
        var response = await _host.PostAsync(_host.Activities.Execute(Sam, "refresh", new JsonObject { ["command"] = "deal D-1001 stage won" }, Support));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.ToString());
        Assert.Empty(_pipeline.Requests);
    }

    [Fact]
    public async Task RepeatedActionExecute_ReturnsTheFirstAnswer_WithoutRunningAgain()
    {
        var invoke = _host.Activities.Execute(Sam, "crm", new JsonObject { ["command"] = "handoff accept H-1" });

        await _host.PostAsync(invoke);
        var again = JsonNode.Parse(await (await _host.PostAsync(invoke)).Content.ReadAsStringAsync())!;

        Assert.Single(_pipeline.Requests);
        Assert.Equal("AdaptiveCard", again["value"]!["type"]!.ToString());
        Assert.Contains("ran handoff accept H-1", again.ToJsonString());
    }

    [Fact]
    public async Task PrivateAnswerToAChannelMention_GoesToTheAskersPersonalChat_NotTheChannel()
    {
        _pipeline.AnswerVisibility = ReplyVisibility.Private;
        await _host.PostAsync(_host.Activities.Personal(Sam, "help"));
        await _host.Connector.WaitForCallsAsync(1);

        await _host.PostAsync(_host.Activities.ChannelMention(Sam, Support, "report pipeline"));
        var calls = await _host.Connector.WaitForCallsAsync(3);

        var answer = calls.Single(c => c.Body!.ToJsonString().Contains("ran report pipeline"));
        Assert.Equal($"a:personal-{Sam.TeamsObjectId}", answer.ConversationId);
        var note = calls.Single(c => c.ConversationId!.StartsWith(Support.ExternalId));
        Assert.Contains("1:1 chat", note.Body!.ToJsonString());
        Assert.DoesNotContain("ran report pipeline", note.Body!.ToJsonString());
    }

    private async Task<OutboxMessage> Reload(long id)
    {
        await using var db = _host.Database.CreateContext();
        return await db.Outbox.SingleAsync(o => o.Id == id);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
            await Task.Delay(100);
        Assert.True(await condition());
    }
}
