using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Replies;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Bot.Tests.Platforms.Slack.SocketMode;

/// <summary>
/// Socket Mode end to end: the real host connects out to a fake Socket Mode server (no signing secret, no inbound
/// request), receives envelopes of each type, acks them with the answer the HTTP path would have given, reconnects,
/// and handles an envelope delivered twice once.
/// </summary>
public sealed class SlackSocketModeTests(SlackSocketModeFixture fixture) : IClassFixture<SlackSocketModeFixture>, IAsyncLifetime
{
    private FakeSlackSocketServer Sockets => fixture.Sockets;
    private FakeSlackServer Slack => fixture.Slack;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    private static JsonObject SlashCommand(string text, string hook, string? trigger = null, string user = "U0AVA") => new()
    {
        ["token"] = "deprecated-verification-token", ["team_id"] = "T0DEMO", ["team_domain"] = "demo",
        ["channel_id"] = "C0SALES", ["channel_name"] = "sales", ["user_id"] = user, ["user_name"] = user.ToLowerInvariant(),
        ["command"] = "/crm", ["text"] = text, ["api_app_id"] = "A0CRM", ["is_enterprise_install"] = "false",
        ["response_url"] = hook, ["trigger_id"] = trigger ?? SlackRequests.NewTrigger(),
    };

    private static JsonObject Mention(string eventId, string text) => JsonNode.Parse(SlackRequests.EventBody(eventId, new JsonObject
    {
        ["type"] = "app_mention", ["user"] = "U0AVA", ["text"] = $"<@U0BOT> {text}", ["channel"] = "C0SALES",
        ["ts"] = "1700000000.000100", ["event_ts"] = "1700000000.000100",
    }))!.AsObject();

    [Fact]
    public async Task TheHost_KeepsTwoConnections_OpenedWithTheAppToken_WithoutASigningSecret()
    {
        var options = fixture.Host.Services.GetRequiredService<IOptions<SlackOptions>>().Value;

        Assert.True(string.IsNullOrEmpty(options.SigningSecret));
        Assert.Equal(2, (await Sockets.WaitForOpenAsync(2)).Count);
        // Every socket was opened through apps.connections.open with the app-level token, never the bot token.
        await using var other = fixture.NewHost();
        _ = other.Services;
        await Sockets.WaitForOpenAsync(4);
        var opens = Slack.CallsTo("apps.connections.open");
        Assert.Equal(2, opens.Count);
        Assert.All(opens, call => Assert.Equal($"Bearer {SlackSocketModeFixture.AppToken}", call.Authorization));
    }

    [Fact]
    public async Task ASlashCommand_IsAckedWithItsInlineAnswer_AsTheAcksPayload()
    {
        var link = Sockets.Open[0];
        var envelope = FakeSlackSocketServer.Envelope("slash_commands", SlashCommand("show acme", Slack.ResponseUrl("sock-cmd")), acceptsResponsePayload: true);

        await Sockets.SendAsync(link, envelope);
        var ack = Assert.Single(await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!));

        Assert.Equal(link, ack.Connection);
        var payload = ack.Body["payload"]!;
        Assert.Equal("ephemeral", (string)payload["response_type"]!);
        Assert.Contains("Acme Corporation", payload.ToJsonString());
        Assert.Empty(Slack.CallsTo("response_url")); // answered inline: nothing follows through response_url
    }

    [Fact]
    public async Task AMention_IsAckedWithoutPayload_AndAnsweredInTheChannel()
    {
        var envelope = FakeSlackSocketServer.Envelope("events_api", Mention(SlackRequests.NewEventId(), "show acme"), acceptsResponsePayload: false);

        await Sockets.SendAsync(Sockets.Open[0], envelope);
        var ack = Assert.Single(await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!));
        var post = Assert.Single(await Slack.WaitForAsync("chat.postMessage"));

        Assert.Equal(new JsonObject { ["envelope_id"] = (string)envelope["envelope_id"]! }.ToJsonString(), ack.Body.ToJsonString());
        Assert.Equal("C0SALES", post.Str("channel"));
        Assert.Contains("Acme Corporation", post.Body.ToJsonString());
    }

    [Fact]
    public async Task AButtonClick_IsAcked_AndItsCommandAnswersThroughTheResponseUrl()
    {
        var click = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U0AVA", ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["channel"] = new JsonObject { ["id"] = "C0SALES", ["name"] = "sales" },
            ["trigger_id"] = SlackRequests.NewTrigger(),
            ["response_url"] = Slack.ResponseUrl("sock-click"),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "crm:run:0", ["block_id"] = "b1", ["value"] = "show acme" }),
        };
        var envelope = FakeSlackSocketServer.Envelope("interactive", click, acceptsResponsePayload: false);

        await Sockets.SendAsync(Sockets.Open[1], envelope);
        var ack = Assert.Single(await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!));
        var answer = Assert.Single(await Slack.WaitForAsync("response_url"));

        Assert.Null(ack.Body["payload"]);
        Assert.Contains("Acme Corporation", answer.Body.ToJsonString());
    }

    [Fact]
    public async Task AFormSubmission_WithMissingInput_IsAckedWithTheErrorsTheModalShows()
    {
        var form = new ReplyForm("Add a note", "Save note",
            [new FormInput("customer", "Customer (name or id)", MaxLength: 200), new FormInput("text", "Note", Multiline: true, MaxLength: 2000)]);
        var metadata = new JsonObject
        {
            ["command"] = "note {customer} {text}",
            ["form"] = JsonSerializer.SerializeToNode(form, SlackJsonForTests.Options),
            ["team"] = "T0DEMO", ["channel"] = "C0SALES", ["channel_name"] = "sales",
            ["response_url"] = Slack.ResponseUrl("sock-modal"), ["direct_message"] = false,
        };
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U0AVA", ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["trigger_id"] = SlackRequests.NewTrigger(),
            ["view"] = new JsonObject
            {
                ["id"] = "V1", ["callback_id"] = "crm-form", ["private_metadata"] = metadata.ToJsonString(),
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["customer"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "" } },
                        ["text"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Called them" } },
                    },
                },
            },
        };
        var envelope = FakeSlackSocketServer.Envelope("interactive", submission, acceptsResponsePayload: true);

        await Sockets.SendAsync(Sockets.Open[0], envelope);
        var ack = Assert.Single(await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!));

        var payload = ack.Body["payload"]!;
        Assert.Equal("errors", (string)payload["response_action"]!);
        Assert.Contains("Please fill in", (string)payload["errors"]!["customer"]!);
    }

    [Theory]
    [InlineData("refresh_requested")]
    [InlineData("warning")]
    public async Task ADisconnectAskingForARefresh_IsFollowedByANewConnection_ThatWorks(string reason)
    {
        var links = Sockets.Open;
        var opened = Sockets.Opened;

        await Sockets.DisconnectAsync(links[0], reason);
        var now = await Sockets.WaitForOpenAsync(2, opened + 1);

        Assert.DoesNotContain(links[0], now);
        Assert.Contains(links[1], now);
        var fresh = now.Single(l => l > links[1]);
        var envelope = FakeSlackSocketServer.Envelope("slash_commands", SlashCommand("whoami", Slack.ResponseUrl("sock-refresh")), acceptsResponsePayload: true);
        await Sockets.SendAsync(fresh, envelope);
        Assert.Equal(fresh, Assert.Single(await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!)).Connection);
    }

    [Fact]
    public async Task ADroppedSocket_IsReplacedByANewConnection()
    {
        var links = Sockets.Open;
        var opened = Sockets.Opened;

        Sockets.Drop(links[1]);
        var now = await Sockets.WaitForOpenAsync(2, opened + 1);

        Assert.DoesNotContain(links[1], now);
        Assert.Contains(links[0], now);
        Assert.True(Slack.CallsTo("apps.connections.open").Count >= 1);
    }

    [Fact]
    public async Task TheSameCommand_DeliveredOnBothConnections_RunsOnce()
    {
        var links = Sockets.Open;
        var marker = Guid.NewGuid().ToString("N")[..10];
        var envelope = FakeSlackSocketServer.Envelope("slash_commands",
            SlashCommand($"note acme Socket call {marker}", Slack.ResponseUrl("sock-twice")), acceptsResponsePayload: true);

        await Task.WhenAll(Sockets.SendAsync(links[0], envelope), Sockets.SendAsync(links[1], envelope));
        var acks = await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!, 2);
        await fixture.Host.IdleAsync();

        Assert.Equal(links.Order(), acks.Select(a => a.Connection).Order());
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.Text.Contains(marker)));
    }

    [Fact]
    public async Task TheSameMention_DeliveredToTwoHosts_IsAnsweredOnce()
    {
        await using var other = fixture.NewHost();
        _ = other.Services;
        var all = await Sockets.WaitForOpenAsync(4);
        var envelope = FakeSlackSocketServer.Envelope("events_api", Mention(SlackRequests.NewEventId(), "show acme"), acceptsResponsePayload: false);

        // One connection of each host: Slack redelivers an envelope whose ack it missed to any connection of the app.
        await Task.WhenAll(Sockets.SendAsync(all[0], envelope), Sockets.SendAsync(all[^1], envelope));
        await Sockets.WaitForAcksAsync((string)envelope["envelope_id"]!, 2);
        await fixture.Host.IdleAsync();
        await other.IdleAsync();

        Assert.Single(Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task LinkDisabled_StopsTheConnection_WithoutReconnecting()
    {
        await using var other = fixture.NewHost();
        _ = other.Services;
        var before = await Sockets.WaitForOpenAsync(4);
        var others = before.Where(l => l > before[1]).ToList();
        var opens = Slack.CallsTo("apps.connections.open").Count;

        foreach (var link in others) await Sockets.DisconnectAsync(link, "link_disabled");
        await Sockets.WaitForOpenAsync(2);
        while (Sockets.Open.Count > 2) await Task.Delay(20);
        // A reconnect would come at once (a refresh) or within a backoff of 1 s: give it twice that.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(before.Except(others), Sockets.Open);
        Assert.Equal(opens, Slack.CallsTo("apps.connections.open").Count);
    }

    [Fact]
    public async Task AnEventThatCannotBeStored_IsNotAcked_AndSlacksRetryIsAnsweredOnce()
    {
        var eventId = SlackRequests.NewEventId();
        var envelope = FakeSlackSocketServer.Envelope("events_api", Mention(eventId, "show acme"), acceptsResponsePayload: false);
        var id = (string)envelope["envelope_id"]!;

        await AllowConnectionsAsync(false);
        try
        {
            await Sockets.SendAsync(Sockets.Open[0], envelope);
            await WaitForLogAsync($"Slack event {eventId} could not be stored");
            await fixture.Host.IdleAsync();
            Assert.Empty(Sockets.AcksOf(id));
        }
        finally
        {
            await AllowConnectionsAsync(true);
        }

        // Slack sends an unacked envelope again, on any connection.
        envelope["retry_attempt"] = 1;
        envelope["retry_reason"] = "timeout";
        await Sockets.SendAsync(Sockets.Open[1], envelope);
        await Sockets.WaitForAcksAsync(id);
        var post = Assert.Single(await Slack.WaitForAsync("chat.postMessage"));
        await fixture.Host.IdleAsync();

        Assert.Contains("Acme Corporation", post.Body.ToJsonString());
        Assert.Single(Slack.CallsTo("chat.postMessage"));
    }

    /// <summary>Turns the test database away (as a stopped or failed-over server would) or lets it in again.</summary>
    private async Task AllowConnectionsAsync(bool allowed)
    {
        var database = fixture.Database;
        await using var server = new NpgsqlConnection(database.ServerConnectionString);
        await server.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database.Name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", server))
            await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", server)
            {
                Parameters = { new NpgsqlParameter { Value = database.Name } },
            };
            await kill.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
    }

    private async Task WaitForLogAsync(string text)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!fixture.Logs.Lines.Any(l => l.Message.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"No log line with '{text}'.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task NeitherTheAppToken_NorASocketTicket_ReachesTheLog()
    {
        var opened = Sockets.Opened;
        await Sockets.DisconnectAsync(Sockets.Open[0], "refresh_requested");
        await Sockets.WaitForOpenAsync(2, opened + 1);

        var lines = fixture.Logs.Lines.Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.Contains("Socket Mode connection", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(SlackSocketModeFixture.AppToken, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("ticket=", StringComparison.Ordinal));
    }
}
