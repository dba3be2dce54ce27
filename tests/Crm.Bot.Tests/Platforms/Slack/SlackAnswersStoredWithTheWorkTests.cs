using System.Net;
using System.Text.Json.Nodes;
using Crm.Bot.Delivery;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// The pipeline stores every answer itself, in the save that stores the request's work: a slash
/// command's or a click's late answer is in the database when the command's transaction commits (the
/// sender is stopped here, so nothing after the save could have stored it), and the dispatcher delivers
/// it once its claim runs out; an answer given without a step's save (a typo, an unknown verb, a denial)
/// is stored with the event's claim, once however often Slack retries. Real pipeline, real PostgreSQL;
/// rows written by one save share their transaction id (xmin) until the outcome of a send updates them.
/// </summary>
public sealed class SlackAnswersStoredWithTheWorkTests : IAsyncLifetime
{
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
        _host = new SlackHost(_database.ConnectionString, _slack, settings: new Dictionary<string, string?> { ["Slack:InlineReplyBudgetMs"] = "50" });
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    private string Owner => _host.Services.GetRequiredService<OutboxClaims>().Owner;

    private Task StopTheSenderAsync() => _host.Services.GetRequiredService<AnswerSender>().StopAsync(CancellationToken.None);

    /// <summary>The transaction that wrote the row (PostgreSQL's xmin): rows written by one save share it.</summary>
    private async Task<string> WrittenByAsync(string table, string keyColumn, string key)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT xmin::text FROM {table} WHERE \"{keyColumn}\" = $1", connection) { Parameters = { new() { Value = key } } };
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No row {key} in {table}.");
    }

    private async Task<OutboxMessage> RowAsync(string key)
    {
        await using var db = _database.CreateContext();
        return await db.Outbox.AsNoTracking().SingleAsync(o => o.IdempotencyKey == key);
    }

    /// <summary>As if this host had stopped: its claim on the row runs out now, so the dispatcher takes the row.</summary>
    private async Task LetTheClaimRunOutAsync(string key)
    {
        await using var db = _database.CreateContext();
        await db.Outbox.Where(o => o.IdempotencyKey == key).ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, DateTimeOffset.UtcNow.AddSeconds(-1)));
    }

    private async Task<OutboxMessage> SentAsync(string key)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var row = await RowAsync(key);
            if (row.Status != OutboxStatus.Pending || DateTime.UtcNow > until) return row;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ALateSlashCommandAnswer_IsStoredInTheCommandsOwnTransaction_AndDeliveredByTheDispatcherWhenTheHostDoesNot()
    {
        await StopTheSenderAsync();
        // Slack is slow to say who is asking: the command outlasts the 50 ms the HTTP answer may wait.
        _slack.UsersInfoDelay = TimeSpan.FromMilliseconds(800);
        var trigger = SlackRequests.NewTrigger();
        var hook = _slack.ResponseUrl($"late-{Guid.NewGuid():N}");

        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(hook, "note acme Called about the renewal", trigger: trigger)));
        await _host.IdleAsync();

        Assert.Contains("Working on it", await response.Content.ReadAsStringAsync());
        var key = $"slack:answer:T0DEMO:{trigger}";
        var row = await RowAsync(key);
        Assert.Equal((OutboxStatus.Pending, Owner, 0, OutboxTargetKind.ReplyUrl), (row.Status, row.LockedBy, row.Attempts, row.TargetKind));
        // One transaction: the change's idempotency row, the delivery's claim and the answer.
        var change = await WrittenByAsync("processed_requests", "Key", $"slack:T0DEMO:{trigger}");
        Assert.Equal(change, await WrittenByAsync("processed_requests", "Key", $"slack:trigger:{trigger}"));
        Assert.Equal(change, await WrittenByAsync("outbox", "IdempotencyKey", key));
        Assert.Empty(_slack.CallsTo("response_url"));

        await LetTheClaimRunOutAsync(key);
        Assert.Equal(OutboxStatus.Sent, (await SentAsync(key)).Status);
        var posted = Assert.Single(_slack.CallsTo("response_url"));
        Assert.Contains("Noted on Acme", posted.Body.ToJsonString());
    }

    [Fact]
    public async Task AClicksAnswer_IsStoredInTheClicksOwnTransaction()
    {
        await StopTheSenderAsync();
        var trigger = SlackRequests.NewTrigger();
        var click = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U0AVA", ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["channel"] = new JsonObject { ["id"] = "C0SALES", ["name"] = "sales" },
            ["trigger_id"] = trigger,
            ["response_url"] = _slack.ResponseUrl($"click-{Guid.NewGuid():N}"),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "crm:run:0", ["block_id"] = "b1", ["value"] = "note acme Clicked a note" }),
        };

        var response = await _client.SendAsync(SlackRequests.Interaction(click));
        await _host.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var key = $"slack:answer:T0DEMO:{trigger}";
        var row = await RowAsync(key);
        Assert.Equal((OutboxStatus.Pending, Owner), (row.Status, row.LockedBy));
        Assert.Contains("Noted on Acme", row.ReplyJson);
        Assert.Equal(await WrittenByAsync("processed_requests", "Key", $"slack:trigger:{trigger}"), await WrittenByAsync("outbox", "IdempotencyKey", key));
        Assert.DoesNotContain(_slack.Calls, c => c.Method is "response_url" or "chat.postMessage" or "chat.postEphemeral");
    }

    [Theory]
    [InlineData("show \"acme", "never closed")]
    [InlineData("shwo acme", "I do not know the command")]
    [InlineData("invoice INV-1001 paid", "")]
    public async Task AnAnswerGivenWithoutAStepsSave_IsStoredWithTheEventsClaim_OnceUnderRetries(string command, string says)
    {
        await StopTheSenderAsync();
        var id = SlackRequests.NewEventId();
        var mention = new JsonObject
        {
            ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = "C0SALES", ["text"] = $"<@U0BOT> {command}", ["ts"] = $"1700000000.{Random.Shared.Next(100000, 999999)}",
        };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var request = SlackRequests.Event(SlackRequests.EventBody(id, (JsonObject)mention.DeepClone()));
            if (attempt > 0) request.Headers.Add("X-Slack-Retry-Num", attempt.ToString());
            Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request)).StatusCode);
        }
        await _host.IdleAsync();

        var key = $"slack:answer:T0DEMO:{id}";
        await using (var db = _database.CreateContext())
            Assert.Single(await db.Outbox.AsNoTracking().Where(o => o.IdempotencyKey.EndsWith(id)).ToListAsync());
        var row = await RowAsync(key);
        Assert.Equal((OutboxStatus.Pending, Owner), (row.Status, row.LockedBy));
        Assert.Contains(says, row.ReplyJson);
        Assert.Equal(await WrittenByAsync("processed_requests", "Key", $"slack:event:{id}"), await WrittenByAsync("outbox", "IdempotencyKey", key));

        await LetTheClaimRunOutAsync(key);
        Assert.Equal((OutboxStatus.Sent, 1), ((await SentAsync(key)).Status, (await RowAsync(key)).Attempts));
        Assert.Single(_slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
    }
}
