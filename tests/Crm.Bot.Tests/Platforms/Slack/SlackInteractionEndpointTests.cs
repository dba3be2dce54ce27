using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

[Collection(SlackEndpointCollection.Name)]
public sealed class SlackInteractionEndpointTests(SlackEndpointFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Reset();

    private async Task<HttpResponseMessage> SendAsync(JsonObject payload)
    {
        var response = await fixture.Client.SendAsync(SlackRequests.Interaction(payload));
        return response;
    }

    private JsonObject Click(string actionId, string value, string? trigger = null) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = "U0SAM", ["team_id"] = "T0DEMO" },
        ["team"] = new JsonObject { ["id"] = "T0DEMO" },
        ["channel"] = new JsonObject { ["id"] = "C0SALES", ["name"] = "sales" },
        ["trigger_id"] = trigger ?? SlackRequests.NewTrigger(),
        ["response_url"] = fixture.Slack.ResponseUrl("click"),
        ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["block_id"] = "b1", ["value"] = value }),
    };

    /// <summary>The buttons of a real rendered card, so clicks carry exactly what the renderer put there.</summary>
    private static JsonArray RenderedButtons(params ReplyButton[] buttons) =>
        (JsonArray)new BlockKitRenderer().Render(new Reply { FallbackText = "card", Blocks = [new ActionsBlock(buttons)] })[0].Blocks[0]!["elements"]!;

    [Fact]
    public async Task ButtonClick_ReentersThePipeline_AndAnswersThroughResponseUrl()
    {
        var button = RenderedButtons(new ReplyButton("Accept", "handoff H-1 accept"))[0]!;

        var response = await SendAsync(Click((string)button["action_id"]!, (string)button["value"]!));
        await fixture.Host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal(("handoff H-1 accept", true, "U0SAM", "C0SALES"), (request.Text, request.FromButton, request.UserId, request.ChannelId));
        Assert.Equal("ran: handoff H-1 accept", Assert.Single(fixture.Slack.CallsTo("response_url")).Str("text"));
    }

    [Fact]
    public async Task DoubleClick_WithTheSameTrigger_RunsOnce()
    {
        var trigger = SlackRequests.NewTrigger();
        await SendAsync(Click("crm:run:0", "deal D-1001 stage won", trigger));
        await SendAsync(Click("crm:run:0", "deal D-1001 stage won", trigger));
        await fixture.Host.IdleAsync();

        Assert.Single(fixture.Pipeline.Requests);
    }

    [Fact]
    public async Task FormButton_OpensAModal_WithTheFormsInputs()
    {
        var form = new ReplyForm("Decline handoff", "Decline", [new FormInput("reason", "Why?", Multiline: true, MaxLength: 500)]);
        var button = RenderedButtons(new ReplyButton("Decline", "handoff H-1 decline {reason}", ButtonStyle.Danger, form))[0]!;

        await SendAsync(Click((string)button["action_id"]!, (string)button["value"]!));

        var view = Assert.Single(fixture.Slack.CallsTo("views.open")).Body["view"]!;
        Assert.Equal("Decline handoff", (string)view["title"]!["text"]!);
        Assert.Equal("reason", (string)view["blocks"]![0]!["block_id"]!);
        Assert.Equal(500, (int)view["blocks"]![0]!["element"]!["max_length"]!);
        Assert.Empty(fixture.Pipeline.Requests);
    }

    private JsonObject Submission(IReadOnlyDictionary<string, string> values, bool handoff = false)
    {
        var state = new JsonObject();
        foreach (var (id, value) in values)
        {
            state[id] = new JsonObject
            {
                ["value"] = id == "to"
                    ? new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } }
                    : new JsonObject { ["type"] = "plain_text_input", ["value"] = value },
            };
        }
        var metadata = new JsonObject
        {
            ["command"] = handoff ? "handoff {customer} to {to} {note}" : "note {customer} {text}",
            ["form"] = JsonSerializer.SerializeToNode(handoff ? HandoffForm : NoteForm, SlackJsonForTests.Options),
            ["team"] = "T0DEMO", ["channel"] = "C0SALES", ["channel_name"] = "sales",
            ["response_url"] = fixture.Slack.ResponseUrl("modal"), ["direct_message"] = false,
        };
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U0AVA", ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["trigger_id"] = SlackRequests.NewTrigger(),
            ["view"] = new JsonObject
            {
                ["id"] = "V1", ["callback_id"] = "crm-form", ["private_metadata"] = metadata.ToJsonString(),
                ["state"] = new JsonObject { ["values"] = state },
            },
        };
    }

    private static readonly ReplyForm NoteForm = new("Add a note", "Save note",
        [new FormInput("customer", "Customer (name or id)", MaxLength: 200), new FormInput("text", "Note", Multiline: true, MaxLength: 2000)]);

    private static readonly ReplyForm HandoffForm = new("Hand off a customer", "Hand off",
    [
        new FormInput("customer", "Customer (name or id)", MaxLength: 200),
        new FormInput("to", "To department", Choices: ["sales", "support", "finance", "marketing", "management"]),
        new FormInput("note", "Note for the team", Required: false, Multiline: true, MaxLength: 2000),
    ]);

    [Fact]
    public async Task ModalValues_LoseBidiControlsAndInvisibleCharacters_BeforeTheyRun()
    {
        await SendAsync(Submission(new Dictionary<string, string> { ["customer"] = "ac\u200Bme", ["text"] = "pay \u202Egnp.exe\u202C now\u2066!\u2069\uFEFF" }));
        await fixture.Host.IdleAsync();

        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal("note acme \"pay gnp.exe now!\"", request.Text);
    }

    [Fact]
    public async Task ModalWithMissingOrTooLongInput_ShowsErrorsInsideTheModal_AndRunsNothing()
    {
        var response = await SendAsync(Submission(new Dictionary<string, string> { ["customer"] = "", ["text"] = new string('a', 2001) }));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", (string)body["response_action"]!);
        Assert.Contains("Please fill in", (string)body["errors"]!["customer"]!);
        Assert.Contains("At most 2000", (string)body["errors"]!["text"]!);
        await fixture.Host.IdleAsync();
        Assert.Empty(fixture.Pipeline.Requests);
    }

    [Fact]
    public async Task ModalWithAnInvalidChoice_SaysWhichChoicesExist()
    {
        var response = await SendAsync(Submission(new Dictionary<string, string> { ["customer"] = "acme", ["to"] = "legal" }, handoff: true));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("Pick one of: sales, support", (string)body["errors"]!["to"]!);
    }

    [Fact]
    public async Task ValidModal_RunsTheFilledInCommand_ClosesAndAnswers()
    {
        var response = await SendAsync(Submission(new Dictionary<string, string> { ["customer"] = "Acme Corporation", ["to"] = "support", ["note"] = "Onboarding\nstarts Monday" }, handoff: true));
        await fixture.Host.IdleAsync();

        Assert.Equal("clear", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_action"]!);
        var request = Assert.Single(fixture.Pipeline.Requests);
        Assert.Equal("handoff \"Acme Corporation\" to support \"Onboarding\nstarts Monday\"", request.Text);
        Assert.Equal("C0SALES", request.ChannelId);
        Assert.Contains(fixture.Slack.CallsTo("response_url"), c => c.Str("text") == "ran: handoff \"Acme Corporation\" to support \"Onboarding\nstarts Monday\"");
    }

    [Fact]
    public async Task ModalTheCommandRejects_KeepsTheModalOpen_WithTheReason()
    {
        fixture.Pipeline.Answer = _ => Reply.Error("No customer matches 'acme inc'. Try find acme.");
        var response = await SendAsync(Submission(new Dictionary<string, string> { ["customer"] = "acme inc", ["text"] = "hello" }));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", (string)body["response_action"]!);
        Assert.Equal("No customer matches 'acme inc'. Try find acme.", (string)body["errors"]!["customer"]!);
    }
}
