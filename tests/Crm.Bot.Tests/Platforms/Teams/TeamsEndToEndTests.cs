using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Crm.Domain.Audit;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>The demo people of product.md talking to the real pipeline through Teams, on the demo records.</summary>
public sealed class TeamsEndToEndTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync();
        await using var db = _host.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(now.UtcDateTime), now);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser User(string name) => DemoDirectory.FindByEmail($"{name}@example.com")!;
    private static DemoChannel Channel(string name) => DemoDirectory.Channels.Single(c => c.Name == name);

    private async Task<string> AnswerTo(JsonObject activity)
    {
        var before = _host.Connector.Calls.Count;
        await _host.PostAsync(activity);
        var calls = await _host.Connector.WaitForCallsAsync(before + 1);
        return calls[before].Body!.ToJsonString();
    }

    [Fact]
    public async Task Sam_InTheSupportChannel_SeesAcmesOpenTicket_ButNoInvoices()
    {
        var card = await AnswerTo(_host.Activities.ChannelMention(User("sam"), Channel("Support"), "show acme"));

        Assert.Contains("Acme Corporation", card);
        Assert.Contains("Cannot log in", card);
        Assert.DoesNotContain("INV-1001", card);
    }

    [Fact]
    public async Task RedeliveredRead_IsAnsweredAndAuditedOnce_TheAnswerStoredWithTheAuditRow()
    {
        var activity = _host.Activities.Personal(User("sam"), "show C-1001");
        await AnswerTo(activity);
        await _host.PostAsync(activity);

        await using var db = _host.Database.CreateContext();
        var answer = Assert.Single(await db.Outbox.Where(o => o.Purpose == "answer").ToListAsync());
        var view = Assert.Single(await db.Audit.Where(a => a.Action == AuditAction.View).ToListAsync());
        Assert.Equal($"teams:answer:{activity["id"]}", answer.IdempotencyKey);
        Assert.Equal("C-1001", view.RecordRef);
        Assert.Single(_host.Connector.Calls);
    }

    [Fact]
    public async Task AFailedChange_IsStillAnswered_WithTheReason()
    {
        // D-1001 is already in negotiate: the step fails, its staged answer is rolled back, and the error is what Max gets.
        var card = await AnswerTo(_host.Activities.Personal(User("max"), "deal D-1001 stage negotiate"));

        Assert.Contains("already in negotiate", card);
        await using var db = _host.Database.CreateContext();
        Assert.Single(await db.Outbox.Where(o => o.Purpose == "answer").ToListAsync());
    }

    [Fact]
    public async Task ClickingTheCardsTimelineButton_InTheSupportChannel_AnswersTheTimeline_AtTheChannelsClearance()
    {
        await using (var db = _host.Database.CreateContext())
        {
            var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            var at = DateTimeOffset.UtcNow.AddMinutes(-5);
            db.Timeline.Add(new Crm.Domain.Timeline.TimelineEntry(acme.Id, Crm.Domain.Timeline.TimelineKind.Note, Crm.Domain.Access.FieldClass.Basic,
                "Kick-off call booked", "ava@example.com", Crm.Domain.Common.Platform.Slack, null, null, at));
            db.Timeline.Add(new Crm.Domain.Timeline.TimelineEntry(acme.Id, Crm.Domain.Timeline.TimelineKind.Invoice, Crm.Domain.Access.FieldClass.Financial,
                "invoice INV-1001 of 12,500 EUR marked paid", "fiona@example.com", Crm.Domain.Common.Platform.Teams, null, "INV-1001", at.AddMinutes(1)));
            await db.SaveChangesAsync();
        }
        var card = JsonNode.Parse(await AnswerTo(_host.Activities.ChannelMention(User("sam"), Channel("Support"), "show acme")))!;
        var timelineButton = FindAction(card, "Timeline");
        Assert.NotNull(timelineButton);
        var data = timelineButton["data"]!.AsObject().DeepClone().AsObject();
        Assert.Equal("timeline C-1001", data["command"]!.ToString());

        // Sam clicks it: an Action.Execute invoke, signed like the Bot Connector signs it, answered in its HTTP response.
        var response = await _host.PostAsync(_host.Activities.Execute(User("sam"), timelineButton["verb"]!.ToString(), data, Channel("Support")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)body["statusCode"]!);
        var timeline = body["value"]!.ToJsonString();
        Assert.Contains("Timeline of Acme Corporation (C-1001)", timeline);
        Assert.Contains("Kick-off call booked", timeline);
        Assert.DoesNotContain("INV-1001", timeline); // #Support is not cleared for financial entries
        await using var read = _host.Database.CreateContext();
        Assert.Single(await read.Audit.Where(a => a.Action == AuditAction.View && a.Detail!.StartsWith("timeline")).ToListAsync());
    }

    [Fact]
    public async Task AcceptAndTakeOwnership_ClickedOnTheHandoffCard_AndDeliveredTwice_MakesSamTheOwnerOnce()
    {
        await AnswerTo(_host.Activities.Personal(User("ava"), "handoff acme to support Onboarding starts Monday"));
        JsonObject? button;
        await using (var db = _host.Database.CreateContext())
        {
            var offer = Crm.Domain.Replies.Reply.FromJson((await db.Outbox.SingleAsync(o => o.Purpose == "handoff")).ReplyJson);
            var card = new Crm.Bot.Platforms.Teams.AdaptiveCardRenderer().Render(offer)[0];
            button = FindAction(JsonNode.Parse(card.ToString())!, "Accept and take ownership");
        }
        Assert.NotNull(button);

        var click = _host.Activities.Execute(User("sam"), button["verb"]!.ToString(), button["data"]!.DeepClone().AsObject(), Channel("Support"));
        var first = JsonNode.Parse(await (await _host.PostAsync(click)).Content.ReadAsStringAsync())!;
        var again = JsonNode.Parse(await (await _host.PostAsync(click)).Content.ReadAsStringAsync())!;

        Assert.Contains("who now owns the customer", first.ToJsonString());
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        await using var read = _host.Database.CreateContext();
        Assert.Equal("sam@example.com", (await read.Customers.SingleAsync(c => c.Number == 1001)).OwnerEmail);
        Assert.Single(await read.Timeline.Where(t => t.Kind == Crm.Domain.Timeline.TimelineKind.FieldChange).ToListAsync());
        Assert.Single(await read.Audit.Where(a => a.Action == AuditAction.Change && a.RecordRef == "C-1001").ToListAsync());
    }

    /// <summary>The first Action.Execute titled <paramref name="title"/> anywhere in a card.</summary>
    private static JsonObject? FindAction(JsonNode node, string title) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "Action.Execute" && o["title"]?.ToString() == title => o,
        JsonObject o => o.Select(p => p.Value is null ? null : FindAction(p.Value, title)).FirstOrDefault(a => a is not null),
        JsonArray a => a.Select(n => n is null ? null : FindAction(n, title)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    [Fact]
    public async Task Fiona_InTheFinanceChannel_SeesTheOverdueInvoice()
    {
        var card = await AnswerTo(_host.Activities.ChannelMention(User("fiona"), Channel("Finance"), "invoice acme"));

        Assert.Contains("INV-1001", card);
        Assert.Contains("12,500", card);
    }

    [Fact]
    public async Task Fiona_InThePersonalChat_GetsHerOwnPermissions()
    {
        var card = await AnswerTo(_host.Activities.Personal(User("fiona"), "show acme"));

        Assert.Contains("INV-1001", card);
    }

    [Fact]
    public async Task Sam_InThePersonalChat_DoesNotSeeFinancialData()
    {
        var card = await AnswerTo(_host.Activities.Personal(User("sam"), "show acme"));

        Assert.Contains("Acme Corporation", card);
        Assert.DoesNotContain("INV-1001", card);
    }

    [Fact]
    public async Task Fiona_InTheSupportChannel_IsAnsweredAtTheChannelsClearance_AndRefreshesToHerOwnView()
    {
        var card = await AnswerTo(_host.Activities.ChannelMention(User("fiona"), Channel("Support"), "show acme"));
        var refreshed = await _host.PostAsync(_host.Activities.Execute(User("fiona"), "refresh", new JsonObject { ["command"] = "show acme" }, Channel("Support")));
        var own = await refreshed.Content.ReadAsStringAsync();

        Assert.Contains("Acme Corporation", card);
        Assert.DoesNotContain("INV-1001", card);
        Assert.Contains("\"refresh\"", card);
        Assert.Contains("INV-1001", own);
    }

    [Fact]
    public async Task UnmappedTeamsUser_CanOnlyAskForHelp()
    {
        var stranger = new DemoUser("stranger@example.com", "Stranger", Crm.Domain.Common.Department.Sales, default, null, "U0X", "00000000-0000-4000-8000-0000000000ff");
        _host.Graph.AddUser(new FakeGraph.GraphUser(stranger.TeamsObjectId, "Stranger", stranger.Email, stranger.Email, null, null, []));

        var card = await AnswerTo(_host.Activities.Personal(stranger, "show acme"));

        Assert.DoesNotContain("Cannot log in", card);
        Assert.DoesNotContain("INV-1001", card);
    }
}
