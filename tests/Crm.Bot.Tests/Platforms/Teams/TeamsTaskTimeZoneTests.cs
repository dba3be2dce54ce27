using Crm.Domain.Demo;
using Crm.Testing.Teams;
using Hangfire;
using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// In Teams a person's zone is their Outlook one: Microsoft Graph's mailboxSettings timeZone, a Windows
/// name, mapped to IANA. A due time typed for them means that zone and the reminder is scheduled then.
/// </summary>
public sealed class TeamsTaskTimeZoneTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync();
        var ava = User("ava");
        _host.Graph.AddUser(new FakeGraph.GraphUser(ava.TeamsObjectId, ava.DisplayName, ava.Email, ava.Email, ava.Department.ToString(), "Sales rep", [],
            "Pacific Standard Time"));
        await using var db = _host.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        DemoFixedRecords.Add(db, DateOnly.FromDateTime(now.UtcDateTime), now);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser User(string name) => DemoDirectory.FindByEmail($"{name}@example.com")!;

    private async Task<string> AnswerTo(DemoUser user, string text)
    {
        var before = _host.Connector.Calls.Count;
        await _host.PostAsync(_host.Activities.Personal(user, text));
        var calls = await _host.Connector.WaitForCallsAsync(before + 1);
        return calls[before].Body!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    [Fact]
    public async Task ADueTimeForSomeoneInOutlooksPacificZone_IsLosAngelesTime_AndTheReminderIsScheduledThen()
    {
        await AnswerTo(User("ava"), "whoami"); // Ava has used the bot from Teams.

        var answer = await AnswerTo(User("max"), "task acme ava@example.com prepare the demo due 2027-01-12 15:00");

        // "Pacific Standard Time" is America/Los_Angeles: 15:00 there in January is 23:00 UTC. Max's
        // mailbox says "W. Europe Standard Time", so he reads it in Berlin time, with hers beside it.
        Assert.Contains("2027-01-13 00:00 Europe/Berlin (2027-01-12 15:00 America/Los_Angeles for the assignee)", answer);
        await using var db = _host.Database.CreateContext();
        var task = await db.Tasks.SingleAsync();
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 23, 0, 0, TimeSpan.Zero), task.DueAt);
        Assert.Equal("America/Los_Angeles", (await db.UserLinks.SingleAsync(l => l.Email == "ava@example.com")).TimeZone);
        Assert.Contains(_host.Graph.Requests, r => r.PathAndQuery.StartsWith($"/v1.0/users/{User("ava").TeamsObjectId}/mailboxSettings", StringComparison.Ordinal));
        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        var state = connection.GetStateData(task.ReminderJobId!);
        Assert.Equal("Scheduled", state.Name);
        Assert.Equal(task.DueAt.UtcDateTime, JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]));
    }

    [Fact]
    public async Task Tasks_ShowsTheDueTimeInTheReadersOutlookZone_WithTheButtons()
    {
        await AnswerTo(User("ava"), "whoami");
        Assert.Contains("Task K-", await AnswerTo(User("max"), "task acme ava@example.com prepare the demo due 2027-01-12 15:00"));

        var list = await AnswerTo(User("ava"), "tasks");

        Assert.Contains("Due 2027-01-12 15:00 America/Los_Angeles", list);
        Assert.Contains("task K-", list);
        Assert.Contains("due +1d", list);
    }
}
