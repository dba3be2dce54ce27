using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

[Collection(SlackEndpointCollection.Name)]
public sealed class SlackEventEndpointTests(SlackEndpointFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Reset();

    private async Task<HttpResponseMessage> SendAsync(string eventId, JsonObject e, int? retryNum = null)
    {
        var request = SlackRequests.Event(SlackRequests.EventBody(eventId, e));
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString());
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        var response = await fixture.Client.SendAsync(request);
        await fixture.Host.IdleAsync();
        return response;
    }

    private static JsonObject Mention(string text) => new()
    {
        ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = "C0SALES", ["text"] = text, ["ts"] = "1700000000.000200",
    };

    [Fact]
    public async Task Mention_RunsTheCommandForTheChannel_AndAnswersInTheThread()
    {
        var response = await SendAsync(SlackRequests.NewEventId(), Mention("<@U0BOT> show acme &amp; co"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal(("show acme & co", "C0SALES", ReplyVisibility.Channel, "sales"), (request.Text, request.ChannelId, request.Visibility, request.ChannelName));
        var post = Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
        Assert.Equal(("C0SALES", "1700000000.000200"), (post.Str("channel"), post.Str("thread_ts")));
    }

    [Fact]
    public async Task MentionWhoseAnswerIsPrivate_IsShownOnlyToTheAsker()
    {
        fixture.Pipeline.Answer = _ => Reply.Text("invoices for you only");
        await SendAsync(SlackRequests.NewEventId(), Mention("<@U0BOT> invoice acme"));

        var ephemeral = Assert.Single(fixture.Slack.CallsTo("chat.postEphemeral"));
        Assert.Equal(("C0SALES", "U0AVA"), (ephemeral.Str("channel"), ephemeral.Str("user")));
        Assert.Empty(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task RetriedEvent_IsAppliedOnce()
    {
        var id = SlackRequests.NewEventId();
        var first = await SendAsync(id, Mention("<@U0BOT> deal D-1001 stage won"));
        var retry1 = await SendAsync(id, Mention("<@U0BOT> deal D-1001 stage won"), retryNum: 1);
        var retry2 = await SendAsync(id, Mention("<@U0BOT> deal D-1001 stage won"), retryNum: 2);

        Assert.All([first, retry1, retry2], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(fixture.Pipeline.Requests);
        Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task DirectMessage_RunsPrivately_AndIsAnsweredInTheDm()
    {
        await SendAsync(SlackRequests.NewEventId(), new JsonObject
        {
            ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0FIONA", ["channel"] = "D0FIONA", ["text"] = "invoice acme", ["ts"] = "1.2",
        });

        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal((null, ReplyVisibility.Private, "U0FIONA"), (request.ChannelId, request.Visibility, request.UserId));
        Assert.Equal("D0FIONA", Assert.Single(fixture.Slack.CallsTo("chat.postMessage")).Str("channel"));
    }

    [Theory]
    [InlineData("bot_message", "B0CRM")]
    [InlineData("message_changed", null)]
    [InlineData(null, "B0CRM")]
    public async Task BotPostsAndEdits_AreIgnored(string? subtype, string? botId)
    {
        var e = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0AVA", ["channel"] = "D0AVA", ["text"] = "ran: help", ["ts"] = "1.3" };
        if (subtype is not null) e["subtype"] = subtype;
        if (botId is not null) e["bot_id"] = botId;
        await SendAsync(SlackRequests.NewEventId(), e);

        Assert.Empty(fixture.Pipeline.Requests);
        Assert.Empty(fixture.Slack.Calls);
    }

    [Fact]
    public async Task CustomerLink_IsUnfurledForTheChannel()
    {
        await SendAsync(SlackRequests.NewEventId(), new JsonObject
        {
            ["type"] = "link_shared", ["user"] = "U0AVA", ["channel"] = "C0GENERAL", ["message_ts"] = "1700000000.000300",
            ["unfurl_id"] = "C0GENERAL.1700000000.000300.abc", ["source"] = "conversations_history",
            ["links"] = new JsonArray(
                new JsonObject { ["domain"] = "crm.example.com", ["url"] = "https://crm.example.com/customers/C-1001" },
                new JsonObject { ["domain"] = "crm.example.com", ["url"] = "https://crm.example.com/reports/weekly" }),
        });

        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal(("show C-1001", "C0GENERAL", ReplyVisibility.Channel), (request.Text, request.ChannelId, request.Visibility));
        var unfurl = Assert.Single(fixture.Slack.CallsTo("chat.unfurl"));
        var card = unfurl.Body["unfurls"]!["https://crm.example.com/customers/C-1001"]!;
        Assert.Contains("ran: show C-1001", card["blocks"]!.ToJsonString());
        Assert.Null(unfurl.Body["unfurls"]!["https://crm.example.com/reports/weekly"]);
    }

    [Fact]
    public async Task CustomerLink_TheSharerMayNotSee_IsNotUnfurled()
    {
        fixture.Pipeline.Answer = _ => Reply.Text("You may not see this customer.", ReplyTone.Denied);
        await SendAsync(SlackRequests.NewEventId(), new JsonObject
        {
            ["type"] = "link_shared", ["user"] = "U0MIA", ["channel"] = "C0MKT", ["message_ts"] = "1.4",
            ["links"] = new JsonArray(new JsonObject { ["domain"] = "crm.example.com", ["url"] = "https://crm.example.com/customers/1001" }),
        });

        Assert.Equal("show C-1001", Assert.Single(fixture.Pipeline.Requests).Text);
        Assert.Empty(fixture.Slack.CallsTo("chat.unfurl"));
    }

    [Fact]
    public async Task AppHome_ShowsFollowedCustomers_OpenTasks_AndHandoffsWaiting()
    {
        await using (var db = fixture.Database.CreateContext())
        {
            var acme = db.Customers.Single(c => c.Number == 1001);
            var sales = db.Channels.Single(c => c.ExternalId == "C0SALES");
            db.Follows.Add(new Crm.Domain.Channels.Follow { ChannelId = sales.Id, CustomerId = acme.Id, CreatedBy = "ava@example.com", CreatedAt = DateTimeOffset.UtcNow });
            db.Tasks.Add(new Crm.Domain.Tasks.CrmTask(9001, acme.Id, "ava@example.com", "Call back about the renewal", DateTimeOffset.UtcNow.AddDays(2), "max@example.com"));
            db.Handoffs.Add(new Crm.Domain.Handoffs.Handoff(9001, acme.Id, Crm.Domain.Common.Department.Support, Crm.Domain.Common.Department.Sales, "Wants more seats", "sam@example.com", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await SendAsync(SlackRequests.NewEventId(), new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0AVA", ["channel"] = "D0AVA", ["tab"] = "home" });

        var publish = Assert.Single(fixture.Slack.CallsTo("views.publish"));
        Assert.Equal("U0AVA", publish.Str("user_id"));
        Assert.Equal("home", (string)publish.Body["view"]!["type"]!);
        var text = publish.Body["view"]!.ToJsonString();
        Assert.Contains("Acme Corporation", text);
        Assert.Contains("K-9001", text);
        Assert.Contains("Call back about the renewal", text);
        Assert.Contains("H-9001", text);
        Assert.Contains("Wants more seats", text);
    }

    [Fact]
    public async Task AppHome_ForAPersonWithoutVisibleEmail_SaysWhy()
    {
        fixture.Slack.Users["U0GHOST"] = (null, "Ghost");
        await SendAsync(SlackRequests.NewEventId(), new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0GHOST", ["tab"] = "home" });

        var text = Assert.Single(fixture.Slack.CallsTo("views.publish")).Body["view"]!.ToJsonString();
        Assert.Contains("users:read.email", text);
    }
}
