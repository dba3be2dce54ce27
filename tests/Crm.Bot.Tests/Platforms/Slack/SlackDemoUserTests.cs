using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Outbox;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>The demo people of product.md, through real signed Slack requests, the real pipeline and the outbox.</summary>
public sealed class SlackDemoUserTests(SlackDemoFixture fixture) : IClassFixture<SlackDemoFixture>, IDisposable
{
    private static readonly Dictionary<string, string> ChannelNames = new() { ["C0SALES"] = "sales", ["C0MKT"] = "marketing", ["C0GENERAL"] = "general" };

    public void Dispose() => fixture.Reset();

    /// <summary>The asker's answer, whether it came inline or (after a slow start) through response_url.</summary>
    private async Task<(string ResponseType, string Json)> AskAsync(string user, string channel, string text)
    {
        var hook = fixture.Slack.ResponseUrl(Guid.NewGuid().ToString("N"));
        var response = await fixture.Client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(hook, text, user, channel, ChannelNames[channel])));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["text"] == "Working on it…")
            body = (await fixture.Slack.WaitForAsync("response_url")).Last().Body;
        return ((string)body["response_type"]!, Unescaped(body));
    }

    private static string Unescaped(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private async Task<string> PostedIntoAsync(string channel)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            var posts = fixture.Slack.CallsTo("chat.postMessage").Where(c => c.Str("channel") == channel).ToList();
            if (posts.Count > 0) return string.Join("\n", posts.Select(p => Unescaped(p.Body)));
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing was posted into {channel}.");
    }

    [Fact]
    public async Task Ava_ShowAcmeInSales_SeesTheDeal_ButNotTheInvoice()
    {
        var (type, answer) = await AskAsync("U0AVA", "C0SALES", "show acme");

        Assert.Equal("ephemeral", type);
        Assert.Contains("D-1001 · Acme renewal · negotiate · 48,000 USD", answer);
        Assert.DoesNotContain("INV-1001", answer);
        Assert.DoesNotContain("12,500", answer);
    }

    [Fact]
    public async Task Fiona_SeesTheOverdueInvoice_OnlyPrivately()
    {
        var (type, answer) = await AskAsync("U0FIONA", "C0GENERAL", "invoice acme");
        await fixture.Host.IdleAsync();

        Assert.Equal("ephemeral", type);
        Assert.Contains("INV-1001 · 12,500 USD", answer);
        Assert.Contains("overdue", answer);
        Assert.Empty(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Mia_ShowAcmeInMarketing_SeesBasicFieldsOnly()
    {
        var (_, answer) = await AskAsync("U0MIA", "C0MKT", "show acme");

        Assert.Contains("Acme Corporation (C-1001)", answer);
        Assert.Contains("Manufacturing", answer);
        Assert.DoesNotContain("D-1001", answer);
        Assert.DoesNotContain("48,000", answer);
        Assert.DoesNotContain("jane.roe@acme.example", answer);
        Assert.DoesNotContain("INV-1001", answer);
    }

    [Fact]
    public async Task Ava_ShareAcmeInSales_PostsTheSalesCard_ThroughTheOutbox()
    {
        var (_, answer) = await AskAsync("U0AVA", "C0SALES", "share acme");
        var posted = await PostedIntoAsync("C0SALES");

        Assert.Contains("Shared Acme Corporation (C-1001) into #sales", answer);
        Assert.Contains("D-1001 · Acme renewal", posted);
        Assert.DoesNotContain("INV-1001", posted);
        await using var db = fixture.Database.CreateContext();
        var row = await WaitForSentAsync(db, "C0SALES");
        Assert.StartsWith("C0SALES/", row.ExternalMessageId);
    }

    [Fact]
    public async Task Eve_ShareAcmeInGeneral_PostsBasicFieldsOnly_ThoughSheMayReadEverything()
    {
        await AskAsync("U0EVE", "C0GENERAL", "share acme");
        var posted = await PostedIntoAsync("C0GENERAL");

        Assert.Contains("Acme Corporation (C-1001)", posted);
        Assert.DoesNotContain("D-1001", posted);
        Assert.DoesNotContain("48,000", posted);
        Assert.DoesNotContain("INV-1001", posted);
        Assert.DoesNotContain("jane.roe", posted);
    }

    [Fact]
    public async Task Fiona_MentioningTheBotInGeneral_PutsNothingFinancialIntoTheChannel()
    {
        await fixture.Client.SendAsync(SlackRequests.Event(SlackRequests.EventBody(SlackRequests.NewEventId(), new JsonObject
        {
            ["type"] = "app_mention", ["user"] = "U0FIONA", ["channel"] = "C0GENERAL", ["text"] = "<@U0BOT> invoice acme", ["ts"] = "1700000001.000100",
        })));
        await fixture.Host.IdleAsync();

        var answers = fixture.Slack.Calls.Where(c => c.Method is "chat.postMessage" or "chat.postEphemeral").ToList();
        Assert.NotEmpty(answers);
        Assert.All(answers.Where(a => a.Method == "chat.postMessage" && a.Str("channel") == "C0GENERAL"),
            a => Assert.DoesNotContain("INV-1001", Unescaped(a.Body)));
    }

    [Fact]
    public async Task Max_SharesALinkInGeneral_TheUnfurlShowsBasicFieldsOnly()
    {
        await fixture.Client.SendAsync(SlackRequests.Event(SlackRequests.EventBody(SlackRequests.NewEventId(), new JsonObject
        {
            ["type"] = "link_shared", ["user"] = "U0MAX", ["channel"] = "C0GENERAL", ["message_ts"] = "1700000002.000100",
            ["links"] = new JsonArray(new JsonObject { ["domain"] = "crm.example.com", ["url"] = "https://crm.example.com/customers/C-1001" }),
        })));
        await fixture.Host.IdleAsync();

        var unfurl = Unescaped(Assert.Single(fixture.Slack.CallsTo("chat.unfurl")).Body);
        Assert.Contains("Acme Corporation (C-1001)", unfurl);
        Assert.DoesNotContain("D-1001", unfurl);
        Assert.DoesNotContain("INV-1001", unfurl);
    }

    [Fact]
    public async Task SomeoneWhoseEmailSlackHides_IsToldWhy_AndCanOnlyGetHelp()
    {
        fixture.Slack.Users["U0PRIVATE"] = (null, "Private Person");
        var hook = fixture.Slack.ResponseUrl("private");
        var response = await fixture.Client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(hook, "show acme", "U0PRIVATE", "C0SALES", "sales")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["text"] == "Working on it…") body = (await fixture.Slack.WaitForAsync("response_url")).Last().Body;

        var answer = Unescaped(body);
        Assert.Contains("users:read.email", answer);
        Assert.DoesNotContain("Manufacturing", answer);
    }

    [Fact]
    public async Task SlowDirectory_NeverMakesSlackWait_TheAnswerFollows()
    {
        fixture.Slack.UsersInfoDelay = TimeSpan.FromSeconds(4);
        var hook = fixture.Slack.ResponseUrl("slow");

        var response = await fixture.Client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(hook, "show acme", "U0ROOT", "C0GENERAL", "general")));

        Assert.Equal("Working on it…", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["text"]!);
        var late = await fixture.Slack.WaitForAsync("response_url", timeout: TimeSpan.FromSeconds(20));
        Assert.Contains("Acme Corporation (C-1001)", Unescaped(late.Last().Body));
    }

    private static async Task<OutboxMessage> WaitForSentAsync(Crm.Domain.Storage.CrmDbContext db, string channel)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            var row = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Recipient == channel && o.Status == OutboxStatus.Sent);
            if (row is not null) return row;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No sent outbox message for {channel}.");
    }
}
