using System.Net;
using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Slack;
using Hangfire;
using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// A due time typed for someone else means their time zone, as Slack's users.info <c>tz</c> says it,
/// and the reminder is scheduled for that moment: the real host, signed requests, a fake Slack.
/// </summary>
public sealed class SlackTaskTimeZoneTests : IAsyncLifetime
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
}
