using Crm.Testing.Logging;
using System.Net;
using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Tests.Platforms.Slack;
using Crm.Domain.Demo;
using Crm.Domain.Replies;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>
/// Genuinely signed Slack requests with odd bodies (missing fields, values of the wrong type, broken
/// JSON, generated commands, odd modal values and button data) through the real endpoints, the real
/// pipeline and PostgreSQL: never a 5xx, never an Error log line, never the unexpected-error answer.
/// </summary>
public sealed class SlackEdgeFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CapturedLogs _errors = new();
    private PostgresDatabase _database = null!;
    private FakeSlackServer _slack = null!;
    private SlackHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        _slack = await FakeSlackServer.StartAsync();
        _host = new SlackHost(_database.ConnectionString, _slack, services: s => s.AddSingleton<ILoggerProvider>(_errors));
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task OddSignedRequests_NeverGet5xx_NorReachTheErrorPath()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        var odd = new OddJson(random);
        var commands = _host.Services.GetRequiredService<CommandCatalog>().All.Select(c => c.Descriptor).ToList();
        var grammar = new CommandGrammar(new Random(seed), commands);
        var users = DemoDirectory.Users.Select(u => u.SlackUserId).Append("U0STRANGER").ToArray();
        var failures = new List<string>();
        var cases = 0;

        async Task SendAsync(string kind, string path, string body, string contentType)
        {
            cases++;
            using var response = await _client.SendAsync(SlackSigner.Request(path, body, contentType, SlackHost.Secret));
            if ((int)response.StatusCode >= 500)
                failures.Add($"{kind} → {(int)response.StatusCode}: {Shorten(body)}");
        }

        for (var i = 0; i < 130; i++)
        {
            var fields = new List<(string Key, string Value)>
            {
                ("token", "x"), ("team_id", "T0DEMO"), ("team_domain", "demo"), ("channel_id", Pick(random, "C0SALES", "C0GENERAL", "D0AVA", "C0UNKNOWN")),
                ("channel_name", "sales"), ("user_id", Pick(random, users)), ("user_name", "someone"), ("command", "/crm"),
                ("text", grammar.Next(i)), ("api_app_id", "A0CRM"), ("response_url", _slack.ResponseUrl($"fuzz-{i}")), ("trigger_id", SlackRequests.NewTrigger()),
            };
            // Bend a few fields (never the response_url: the answer must go to the fake Slack, not the internet).
            for (var n = random.Next(0, 3); n > 0; n--)
            {
                var at = random.Next(fields.Count);
                if (fields[at].Key == "response_url") continue;
                if (random.Next(3) == 0) fields.RemoveAt(at);
                else fields[at] = (fields[at].Key, odd.Text());
            }
            var body = SlackSigner.Form([.. fields]);
            if (random.Next(10) == 0) body += Pick(random, "&%ZZ=1", "&=&&=", "&text=%E0%A4", "&ssl_check=0");
            await SendAsync("command", SlackEndpoints.Commands, body, SlackRequests.Form);
        }

        for (var i = 0; i < 130; i++)
        {
            var payload = Interaction(random, odd, grammar, users, i);
            odd.Bend(payload, "type", "user", "user.id", "team", "channel", "channel.id", "trigger_id", "actions", "view", "view.private_metadata", "view.state");
            var json = random.Next(10) == 0 ? odd.Broken(payload.ToJsonString()) : payload.ToJsonString();
            await SendAsync("interaction", SlackEndpoints.Interactions, SlackSigner.Form(("payload", json)), SlackRequests.Form);
        }

        for (var i = 0; i < 100; i++)
        {
            var e = new JsonObject
            {
                ["type"] = Pick(random, "app_mention", "message", "app_home_opened", "link_shared", "member_joined_channel"),
                ["user"] = Pick(random, users), ["channel"] = Pick(random, "C0SALES", "D0AVA", "C0GENERAL"),
                ["channel_type"] = Pick(random, "im", "channel"), ["text"] = "<@U0BOT> " + grammar.Next(i + 1000), ["ts"] = "1.1",
                ["links"] = new JsonArray(new JsonObject { ["url"] = "https://crm.example.com/customers/" + odd.Text(), ["domain"] = "crm.example.com" }),
                ["message_ts"] = "1.2",
            };
            odd.Bend(e, "type", "user", "channel", "channel_type", "text", "ts", "links", "bot_id", "subtype");
            var body = JsonNode.Parse(SlackRequests.EventBody(SlackRequests.NewEventId(), e))!.AsObject();
            odd.Bend(body, "type", "event_id", "event", "team_id", "authorizations", "event_time");
            var json = random.Next(10) == 0 ? odd.Broken(body.ToJsonString()) : body.ToJsonString();
            await SendAsync("event", SlackEndpoints.Events, json, "application/json");
        }

        foreach (var path in new[] { SlackEndpoints.Commands, SlackEndpoints.Events, SlackEndpoints.Interactions })
        foreach (var body in new[] { "", "payload=", "payload=%7B", "{}", "[]", "null", "\u0000", new string('=', 10_000) })
            await SendAsync("raw", path, body, path == SlackEndpoints.Events ? "application/json" : SlackRequests.Form);

        await _host.IdleAsync();
        var unexpected = _slack.Calls.Where(c => c.Body.ToJsonString().Contains("Something went wrong")).Select(c => $"{c.Method}: {Shorten(c.Body.ToJsonString())}");
        var problems = failures.Concat(unexpected).Concat(_errors.Errors).ToList();
        output.WriteLine($"{cases} signed Slack requests (seed {seed}); {_slack.Calls.Count} calls to Slack");
        Assert.True(problems.Count == 0, $"Seed {seed} (rerun with CRM_FUZZ_SEED={seed}), {problems.Count} problems:\n" + string.Join("\n", problems.Take(20).Select(Shorten)));
    }

    private JsonObject Interaction(Random random, OddJson odd, CommandGrammar grammar, string[] users, int i)
    {
        var user = new JsonObject { ["id"] = Pick(random, users), ["team_id"] = "T0DEMO" };
        var common = new JsonObject
        {
            ["user"] = user, ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["channel"] = new JsonObject { ["id"] = Pick(random, "C0SALES", "D0AVA"), ["name"] = "sales" },
            ["trigger_id"] = SlackRequests.NewTrigger(), ["response_url"] = _slack.ResponseUrl($"click-{i}"),
        };
        switch (random.Next(3))
        {
            case 0:
                common["type"] = "block_actions";
                common["actions"] = new JsonArray(new JsonObject { ["action_id"] = "crm:run:0", ["block_id"] = "b", ["value"] = grammar.Next(i) });
                break;
            case 1:
            {
                // A form button: the value carries the command template and its form.
                var form = random.Next(2) == 0 ? SlackForms.Note : SlackForms.Handoff;
                var value = new JsonObject { ["command"] = random.Next(2) == 0 ? "note {customer} {text}" : odd.Text(), ["form"] = System.Text.Json.JsonSerializer.SerializeToNode(form, SlackJson.Options) };
                odd.Bend(value, "command", "form", "form.inputs", "form.title");
                common["type"] = "block_actions";
                common["actions"] = new JsonArray(new JsonObject { ["action_id"] = SlackBlockBuilder.FormActionPrefix + "0", ["block_id"] = "b", ["value"] = value.ToJsonString() });
                break;
            }
            default:
            {
                // A modal submission with odd answers in its fields.
                var state = new SlackFormState(random.Next(2) == 0 ? "note {customer} {text}" : "handoff {customer} to {to} {note}",
                    random.Next(2) == 0 ? SlackForms.Note : SlackForms.Handoff, "T0DEMO", "C0SALES", "sales", _slack.ResponseUrl($"modal-{i}"), false);
                var values = new JsonObject();
                foreach (var id in new[] { "customer", "text", "to", "note" })
                    values[id] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = random.Next(3) == 0 ? "acme" : odd.Text() } };
                common["type"] = "view_submission";
                common["view"] = new JsonObject
                {
                    ["id"] = "V1", ["callback_id"] = SlackModalBuilder.CallbackId,
                    ["private_metadata"] = random.Next(6) == 0 ? odd.Text() : System.Text.Json.JsonSerializer.Serialize(state, SlackJson.Options),
                    ["state"] = new JsonObject { ["values"] = values },
                };
                break;
            }
        }
        return common;
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
