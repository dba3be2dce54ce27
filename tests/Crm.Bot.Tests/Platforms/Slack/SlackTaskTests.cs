using System.Net;
using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Slack;
using Hangfire;
using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// Tasks through the real host, signed requests and a fake Slack: a due time typed for someone else
/// means their time zone, as users.info <c>tz</c> says it, and the reminder is scheduled for that
/// moment; the buttons of `tasks` are clicks that run the task commands.
/// </summary>
public sealed class SlackTaskTests : IAsyncLifetime
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
        _slack.TimeZones["U0MAX"] = "America/New_York";
        _host = new SlackHost(_database.ConnectionString, _slack);
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<string> AskAsync(string user, string text)
    {
        var hook = _slack.ResponseUrl(Guid.NewGuid().ToString("N"));
        var response = await _client.SendAsync(SlackRequests.Command(SlackRequests.CommandBody(hook, text, user, "C0SALES", "sales")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (body.Contains("Working on it"))
            body = (await _slack.WaitForAsync("response_url")).Last().Body.ToJsonString();
        await _host.IdleAsync();
        return body;
    }

    [Fact]
    public async Task ADueTimeForSomeoneInNewYork_IsNewYorkTime_AndTheReminderIsScheduledThen()
    {
        await AskAsync("U0MAX", "whoami"); // Max has used the bot from Slack: the CRM knows where to find him.

        var answer = await AskAsync("U0AVA", "task acme <@U0MAX|max> call about the renewal due 2027-01-12 15:00");

        // 15:00 in New York in January is 20:00 UTC; Ava reads it in her own zone, and his beside it.
        Assert.Contains("2027-01-12 21:00 Europe/Berlin (2027-01-12 15:00 America/New_York for the assignee)", answer);
        await using var db = _database.CreateContext();
        var task = await db.Tasks.SingleAsync();
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 20, 0, 0, TimeSpan.Zero), task.DueAt);
        Assert.Equal("America/New_York", (await db.UserLinks.SingleAsync(l => l.ExternalUserId == "U0MAX")).TimeZone);
        Assert.Contains(_slack.CallsTo("users.info"), c => c.Str("user") == "U0MAX");
        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        var state = connection.GetStateData(task.ReminderJobId!);
        Assert.Equal("Scheduled", state.Name);
        Assert.Equal(task.DueAt.UtcDateTime, JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]));
    }

    [Fact]
    public async Task ADueTimeForSomeoneWhoNeverUsedTheBot_IsInTheConfiguredDefaultZone()
    {
        var answer = await AskAsync("U0AVA", "task acme dana@example.com send the quote due 2027-01-12 15:00");

        // No link, no directory answer: Replies:DefaultTimeZone (UTC here) is what 15:00 means.
        Assert.Contains("2027-01-12 16:00 Europe/Berlin (2027-01-12 15:00 UTC for the assignee)", answer);
        await using var db = _database.CreateContext();
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 15, 0, 0, TimeSpan.Zero), (await db.Tasks.SingleAsync()).DueAt);
    }

    /// <summary>The button of a rendered answer whose command starts with <paramref name="command"/>.</summary>
    private static JsonObject Button(string answer, string command) =>
        JsonNode.Parse(answer)!["blocks"]!.AsArray()
            .Where(b => (string?)b!["type"] == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .Single(e => ((string?)e!["value"])?.StartsWith(command, StringComparison.Ordinal) == true)!.AsObject();

    private async Task ClickAsync(string user, JsonObject button)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = "T0DEMO" },
            ["team"] = new JsonObject { ["id"] = "T0DEMO" },
            ["channel"] = new JsonObject { ["id"] = "C0SALES", ["name"] = "sales" },
            ["trigger_id"] = SlackRequests.NewTrigger(),
            ["response_url"] = _slack.ResponseUrl(Guid.NewGuid().ToString("N")),
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = button["action_id"]!.DeepClone(), ["block_id"] = "b1", ["value"] = button["value"]!.DeepClone() }),
        };
        var response = await _client.SendAsync(SlackRequests.Interaction(payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.IdleAsync();
    }

    [Fact]
    public async Task TheButtonsOfTasks_MoveTheTaskByADay_ThenCompleteIt_AndTheReminderFollows()
    {
        await AskAsync("U0AVA", "task acme <@U0AVA|ava> send the proposal due 2027-01-12 15:00");
        await using var db = _database.CreateContext();
        var task = await db.Tasks.AsNoTracking().SingleAsync();
        var list = await AskAsync("U0AVA", "tasks");
        Assert.Contains("Due 2027-01-12 15:00 Europe/Berlin", list);

        await ClickAsync("U0AVA", Button(list, $"task {task.HumanId} due +1d"));

        var moved = await db.Tasks.AsNoTracking().SingleAsync();
        Assert.Equal(new DateTimeOffset(2027, 1, 13, 14, 0, 0, TimeSpan.Zero), moved.DueAt);
        Assert.Contains(_slack.CallsTo("response_url"), c => c.Str("text")?.Contains($"Task {task.HumanId} is now due 2027-01-13 15:00 Europe/Berlin") == true);
        using var jobs = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Deleted", jobs.GetStateData(task.ReminderJobId!).Name);
        Assert.Equal("Scheduled", jobs.GetStateData(moved.ReminderJobId!).Name);

        await ClickAsync("U0AVA", Button(list, $"task {task.HumanId} done"));

        var done = await db.Tasks.AsNoTracking().SingleAsync();
        Assert.True(done.Done);
        Assert.Equal("Deleted", jobs.GetStateData(moved.ReminderJobId!).Name);
        // Created, moved, done: each on the customer's timeline.
        Assert.Equal(3, await db.Timeline.CountAsync(t => t.RecordRef == task.HumanId));
        Assert.Contains("You have no open tasks.", await AskAsync("U0AVA", "tasks"));
    }
}
