using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Crm.Domain.Timeline;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// The card's Edit form in Teams, through authenticated activities (real JWTs), the real pipeline and the
/// demo records: the ShowCard's inputs are pre-filled; the Action.Execute that submits them changes the
/// customer, once even when Teams delivers the invoke again.
/// </summary>
public sealed class TeamsEditFormTests : IAsyncLifetime
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

    private async Task<JsonNode> CardFor(string person)
    {
        var before = _host.Connector.Calls.Count;
        await _host.PostAsync(_host.Activities.Personal(User(person), "show acme"));
        var calls = await _host.Connector.WaitForCallsAsync(before + 1);
        return calls[before].Body!["attachments"]![0]!["content"]!;
    }

    private static JsonNode? EditAction(JsonNode node) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.ShowCard" && (string?)o["title"] == "Edit" => o,
        JsonObject o => o.Select(p => p.Value is null ? null : EditAction(p.Value)).FirstOrDefault(n => n is not null),
        JsonArray a => a.Select(i => i is null ? null : EditAction(i)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    [Fact]
    public async Task SamsEditForm_IsPreFilled_AndItsSubmitChangesHealthOnce_EvenWhenTeamsDeliversItAgain()
    {
        var edit = EditAction(await CardFor("sam"))!;
        var inputs = edit["card"]!["body"]!.AsArray();
        var health = Assert.Single(inputs)!;
        Assert.Equal(("Input.Text", "input_health", "62"), ((string)health["type"]!, (string)health["id"]!, (string)health["value"]!));
        var submit = edit["card"]!["actions"]![0]!;
        Assert.Equal("Action.Execute", (string)submit["type"]!);
        var data = submit["data"]!.DeepClone().AsObject();
        Assert.Equal("customer C-1001 set health={health}", (string)data["command"]!);

        // Teams merges the inputs into the action's data.
        data["input_health"] = "80";
        var invoke = _host.Activities.Execute(User("sam"), "crm", data);
        var answer = JsonNode.Parse(await (await _host.PostAsync(invoke)).Content.ReadAsStringAsync())!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("Health 62 → 80", answer);

        await using (var db = _host.Database.CreateContext())
        {
            var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            acme.SetHealth(40); // changed again meanwhile: Teams' redelivery must not apply 80 a second time
            await db.SaveChangesAsync();
        }
        await _host.PostAsync(invoke);

        await using (var db = _host.Database.CreateContext())
        {
            Assert.Equal(40, (await db.Customers.SingleAsync(c => c.Number == 1001)).HealthScore);
            var entry = await db.Timeline.SingleAsync(t => t.Kind == TimelineKind.FieldChange);
            Assert.Equal(Crm.Domain.Access.FieldClass.Support, entry.FieldClass);
        }
    }

    [Fact]
    public async Task AnUntouchedNameWithQuotes_IsKept_AndAnIndustryHoldingOwnerEquals_StaysTheIndustry()
    {
        const string quoted = "Acme \"Labs\" Ltd";
        await using (var db = _host.Database.CreateContext())
        {
            (await db.Customers.SingleAsync(c => c.Number == 1001)).Rename(quoted);
            await db.SaveChangesAsync();
        }
        var edit = EditAction(await CardFor("max"))!;
        var data = edit["card"]!["actions"]![0]!["data"]!.DeepClone().AsObject();
        // Teams merges every input, with what it shows now, into the action's data.
        foreach (var input in edit["card"]!["body"]!.AsArray())
            data[(string)input!["id"]!] = (string?)input["value"] ?? "";
        Assert.Equal(quoted, (string)data["input_name"]!);
        data["input_industry"] = "Retail owner=max@example.com";

        var answer = await _host.PostAsync(_host.Activities.Execute(User("max"), "crm", data));
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());

        await using (var db = _host.Database.CreateContext())
        {
            var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            Assert.Equal((quoted, "Retail owner=max@example.com", "ava@example.com"), (acme.Name, acme.Industry, acme.OwnerEmail));
        }
    }

    [Fact]
    public async Task MaxsEditForm_OffersTheStagesAsChoices_WithTheCurrentOneChosen()
    {
        var edit = EditAction(await CardFor("max"))!;
        var inputs = edit["card"]!["body"]!.AsArray().ToDictionary(i => (string)i!["id"]!, i => i!);
        Assert.Equal(["input_name", "input_domain", "input_industry", "input_segment", "input_region", "input_owner", "input_stage", "input_arr"], inputs.Keys);
        Assert.Equal(("Input.ChoiceSet", "customer"), ((string)inputs["input_stage"]["type"]!, (string)inputs["input_stage"]["value"]!));
        Assert.Equal("48000", (string)inputs["input_arr"]["value"]!);
        Assert.Equal("ava@example.com", (string)inputs["input_owner"]["value"]!);
        Assert.Null(EditAction(await CardFor("eve")));
    }
}
