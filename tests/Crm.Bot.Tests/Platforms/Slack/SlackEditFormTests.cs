using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Customers;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// The card's Edit button through real signed Slack requests, the real pipeline and the demo records:
/// the modal Slack is asked to open, pre-filled; its view_submission changes the customer; Slack's
/// retry of the same submission changes nothing more.
/// </summary>
public sealed class SlackEditFormTests(SlackDemoFixture fixture) : IClassFixture<SlackDemoFixture>, IDisposable
{
    public void Dispose() => fixture.Reset();

    private async Task<JsonNode> ShowAsync(string user)
    {
        var hook = fixture.Slack.ResponseUrl(Guid.NewGuid().ToString("N"));
        var response = await fixture.Client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(hook, "show C-1001", user, "C0SALES", "sales")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["text"] == "Working on it…")
            body = (await fixture.Slack.WaitForAsync("response_url")).Last().Body;
        return body;
    }

    private static JsonNode? EditButton(JsonNode answer) =>
        answer["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "actions")
            .SelectMany(b => b!["elements"]!.AsArray()).SingleOrDefault(e => (string?)e!["text"]!["text"] == "Edit");

    private async Task<JsonNode> OpenAsync(string user, JsonNode button)
    {
        var before = fixture.Slack.CallsTo("views.open").Count;
        var click = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["channel"] = new JsonObject { ["id"] = "C0SALES", ["name"] = "sales" },
            ["trigger_id"] = SlackRequests.NewTrigger(),
            ["response_url"] = fixture.Slack.ResponseUrl("click"),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = (string)button["action_id"]!, ["block_id"] = "b1", ["value"] = (string)button["value"]! }),
        };
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.SendAsync(SlackRequests.Interaction(click))).StatusCode);
        return fixture.Slack.CallsTo("views.open")[before].Body["view"]!;
    }

    /// <summary>What Slack sends when the modal is submitted: every input with what it shows now.</summary>
    private static JsonObject Submission(string user, JsonNode view, IReadOnlyDictionary<string, string> changed, string trigger)
    {
        var state = new JsonObject();
        foreach (var block in view["blocks"]!.AsArray())
        {
            var id = (string)block!["block_id"]!;
            var element = block["element"]!;
            var value = changed.TryGetValue(id, out var given) ? given
                : (string?)element["initial_value"] ?? (string?)element["initial_option"]?["value"] ?? "";
            state[id] = new JsonObject
            {
                ["value"] = (string)element["type"]! == "static_select"
                    ? new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } }
                    : new JsonObject { ["type"] = "plain_text_input", ["value"] = value },
            };
        }
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["trigger_id"] = trigger,
            ["view"] = new JsonObject
            {
                ["id"] = "V1", ["callback_id"] = (string)view["callback_id"]!, ["private_metadata"] = (string)view["private_metadata"]!,
                ["state"] = new JsonObject { ["values"] = state },
            },
        };
    }

    private static Dictionary<string, JsonNode> Inputs(JsonNode view) =>
        view["blocks"]!.AsArray().ToDictionary(b => (string)b!["block_id"]!, b => b!["element"]!);

    [Fact]
    public async Task MaxsEditModal_IsPreFilled_AndItsSubmissionChangesAcmeOnce_EvenWhenSlackRetries()
    {
        var view = await OpenAsync("U0MAX", EditButton(await ShowAsync("U0MAX"))!);

        Assert.Equal("modal", (string)view["type"]!);
        var inputs = Inputs(view);
        Assert.Equal(["name", "domain", "industry", "segment", "region", "owner", "stage", "arr"], inputs.Keys);
        Assert.Equal("Acme Corporation", (string)inputs["name"]["initial_value"]!);
        Assert.Equal("ava@example.com", (string)inputs["owner"]["initial_value"]!);
        Assert.Equal("48000", (string)inputs["arr"]["initial_value"]!);
        Assert.Equal("static_select", (string)inputs["stage"]["type"]!);
        Assert.Equal("customer", (string)inputs["stage"]["initial_option"]!["value"]!);
        Assert.Equal(["lead", "prospect", "customer", "churned"], inputs["stage"]["options"]!.AsArray().Select(o => (string)o!["value"]!));

        var submission = Submission("U0MAX", view, new Dictionary<string, string> { ["stage"] = "prospect", ["industry"] = "Retail Trade" }, SlackRequests.NewTrigger());
        var response = await fixture.Client.SendAsync(SlackRequests.Interaction(submission));
        Assert.Equal("clear", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_action"]!);
        await fixture.Host.IdleAsync();
        await using var db = fixture.Database.CreateContext();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        Assert.Equal((LifecycleStage.Prospect, "Retail Trade", 48_000m, "ava@example.com"), (acme.Lifecycle, acme.Industry, acme.Arr, acme.OwnerEmail));

        // Someone sets the industry back meanwhile; Slack's retry of the same submission must not apply it again.
        acme.ChangeIndustry("Manufacturing");
        await db.SaveChangesAsync();
        await fixture.Client.SendAsync(SlackRequests.Interaction(submission));
        await fixture.Host.IdleAsync();
        db.ChangeTracker.Clear();
        Assert.Equal("Manufacturing", (await db.Customers.SingleAsync(c => c.Number == 1001)).Industry);
        Assert.Equal(2, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.FieldChange));

        // Put Acme back for the other tests of this fixture.
        var undo = Submission("U0MAX", view, new Dictionary<string, string>(), SlackRequests.NewTrigger());
        await fixture.Client.SendAsync(SlackRequests.Interaction(undo));
        await fixture.Host.IdleAsync();
    }

    [Fact]
    public async Task AnUntouchedNameWithQuotes_IsKept_AndAnIndustryHoldingOwnerEquals_StaysTheIndustry()
    {
        const string quoted = "Acme \"Labs\" Ltd";
        await using var db = fixture.Database.CreateContext();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        var (name, industry) = (acme.Name, acme.Industry);
        var lastEntry = await db.Timeline.MaxAsync(t => (long?)t.Id) ?? 0;
        acme.Rename(quoted);
        await db.SaveChangesAsync();
        try
        {
            var view = await OpenAsync("U0MAX", EditButton(await ShowAsync("U0MAX"))!);
            Assert.Equal(quoted, (string)Inputs(view)["name"]["initial_value"]!);
            var submission = Submission("U0MAX", view, new Dictionary<string, string> { ["industry"] = "Retail owner=max@example.com" }, SlackRequests.NewTrigger());
            var response = await fixture.Client.SendAsync(SlackRequests.Interaction(submission));
            Assert.Equal("clear", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_action"]!);
            await fixture.Host.IdleAsync();
            db.ChangeTracker.Clear();
            acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            Assert.Equal((quoted, "Retail owner=max@example.com", "ava@example.com"), (acme.Name, acme.Industry, acme.OwnerEmail));
        }
        finally
        {
            db.ChangeTracker.Clear();
            acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            acme.Rename(name);
            acme.ChangeIndustry(industry);
            await db.SaveChangesAsync();
            // The other tests of this fixture count Acme's field changes from their own start.
            await db.Timeline.Where(t => t.Id > lastEntry).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task SamsModal_HasOnlyHealth_AndAValueOutOfRange_KeepsTheModalOpenWithTheReason()
    {
        var view = await OpenAsync("U0SAM", EditButton(await ShowAsync("U0SAM"))!);
        Assert.Equal(["health"], Inputs(view).Keys);
        Assert.Equal("62", (string)Inputs(view)["health"]["initial_value"]!);

        var response = await fixture.Client.SendAsync(SlackRequests.Interaction(
            Submission("U0SAM", view, new Dictionary<string, string> { ["health"] = "120" }, SlackRequests.NewTrigger())));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", (string)body["response_action"]!);
        Assert.Contains("between 0 and 100", (string)body["errors"]!["health"]!);
        await fixture.Host.IdleAsync();
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(62, (await db.Customers.SingleAsync(c => c.Number == 1001)).HealthScore);
    }

    [Fact]
    public async Task AnAdminsNineFieldForm_FitsInASlackButton_AndFionaGetsNoEditButton()
    {
        var admin = EditButton(await ShowAsync("U0ROOT"));
        Assert.NotNull(admin);
        Assert.StartsWith("crm:form:", (string)admin["action_id"]!);
        Assert.Null(EditButton(await ShowAsync("U0FIONA")));
    }
}
