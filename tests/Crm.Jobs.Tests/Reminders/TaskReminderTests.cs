using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Crm.Domain.Tasks;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Jobs.Tests.Reminders;

/// <summary>Task reminders as delayed jobs on a real Hangfire server, delivered privately through the outbox.</summary>
public sealed class TaskReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private PostgresDatabase _database = null!;
    private FakePlatformServer _platform = null!;
    private IHost _host = null!;
    private long _acmeId;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _platform = await FakePlatformServer.StartAsync();
        await using (var db = _database.CreateContext())
        {
            ReportScenario.Seed(db);
            _acmeId = (await db.Customers.SingleAsync(c => c.Number == 1001)).Id;
            db.UserLinks.Add(new ChatUserLink
            {
                Platform = Platform.Teams, Workspace = "tenant", ExternalUserId = "old-teams-id", Email = "ava@example.com",
                LastSeenAt = DateTimeOffset.UtcNow.AddDays(-30),
            });
            db.UserLinks.Add(new ChatUserLink
            {
                Platform = Platform.Slack, Workspace = "T0DEMO", ExternalUserId = "U0AVA", Email = "ava@example.com",
                TimeZone = "Europe/Berlin", LastSeenAt = DateTimeOffset.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }
        _host = JobsTestHost.Build(_database, _platform);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<CrmTask> AddTaskAsync(long number, TimeSpan dueIn)
    {
        await using var db = _database.CreateContext();
        var due = DateTimeOffset.UtcNow.Add(dueIn);
        var task = new CrmTask(number, _acmeId, "ava@example.com", "Call back about the renewal",
            new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, due.Second, TimeSpan.Zero), "max@example.com");
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        await ScheduleAsync(db, task);
        return task;
    }

    private async Task ScheduleAsync(Domain.Storage.CrmDbContext db, CrmTask task)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        task.ReminderJobId = await scope.ServiceProvider.GetRequiredService<ITaskReminderScheduler>().ScheduleAsync(task, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Reminder_FiresAtTheDueTime_AsAPrivateMessageWhereTheAssigneeWasLastSeen()
    {
        var task = await AddTaskAsync(7001, TimeSpan.FromSeconds(3));
        Assert.Empty(_platform.Posts);
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(_platform.Posts.Count > 0), Patience, "the reminder was posted");

        var post = Assert.Single(_platform.Posts);
        Assert.Equal("U0AVA", post.Channel);
        Assert.Equal($"reminder:{task.Id}:{task.DueAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z", post.IdempotencyKey);
        var berlin = TimeZoneInfo.ConvertTime(task.DueAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal($"Reminder: Call back about the renewal (C-1001 Acme Corporation, due {berlin:yyyy-MM-dd HH:mm} Europe/Berlin)", post.Text);
        Assert.True(post.At >= task.DueAt, "a reminder never comes before the due time");
        await using var db = _database.CreateContext();
        var row = await db.Outbox.SingleAsync();
        Assert.Equal((OutboxTargetKind.User, Platform.Slack, "reminder"), (row.TargetKind, row.Platform, row.Purpose));
    }

    [Fact]
    public async Task RescheduledTask_IsRemindedOnce_AtItsNewTime()
    {
        var task = await AddTaskAsync(7002, TimeSpan.FromSeconds(8));
        var firstJob = task.ReminderJobId;
        await using (var db = _database.CreateContext())
        {
            var tracked = await db.Tasks.SingleAsync(t => t.Id == task.Id);
            tracked.Reschedule(tracked.DueAt.AddSeconds(4));
            await ScheduleAsync(db, tracked);
            task = tracked;
        }
        Assert.NotEqual(firstJob, task.ReminderJobId);

        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(_platform.Posts.Count > 0), Patience, "the moved reminder was posted");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var post = Assert.Single(_platform.Posts);
        Assert.Equal($"reminder:{task.Id}:{task.DueAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z", post.IdempotencyKey);
        Assert.True(post.At >= task.DueAt);
    }

    [Fact]
    public async Task CompletedTask_CancelsItsReminder()
    {
        var task = await AddTaskAsync(7003, TimeSpan.FromSeconds(2));
        await using (var db = _database.CreateContext())
        {
            var tracked = await db.Tasks.SingleAsync(t => t.Id == task.Id);
            tracked.Complete(DateTimeOffset.UtcNow);
            await using var scope = _host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ITaskReminderScheduler>().CancelAsync(tracked.ReminderJobId!, CancellationToken.None);
            tracked.ReminderJobId = null;
            await db.SaveChangesAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Empty(_platform.Posts);
        await using var check = _database.CreateContext();
        Assert.Equal(0, await check.Outbox.CountAsync());
    }

    [Fact]
    public async Task ReminderOfADoneTask_SendsNothing_EvenIfItsJobStillRuns()
    {
        var task = await AddTaskAsync(7004, TimeSpan.FromSeconds(2));
        await using (var db = _database.CreateContext())
        {
            (await db.Tasks.SingleAsync(t => t.Id == task.Id)).Complete(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Empty(_platform.Posts);
    }
}
