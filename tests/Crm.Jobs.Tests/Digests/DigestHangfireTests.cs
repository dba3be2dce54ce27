using Crm.Domain.Digests;
using Crm.Domain.Outbox;
using Crm.Jobs.Digests;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Crm.Jobs.Tests.Digests.DigestTestData;

namespace Crm.Jobs.Tests.Digests;

/// <summary>Digests through real Hangfire servers on Hangfire.PostgreSql, in the CRM database's own schema.</summary>
public sealed class DigestHangfireTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private PostgresDatabase _database = null!;
    private FakePlatformServer _platform = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _platform = await FakePlatformServer.StartAsync();
        await using var db = _database.CreateContext();
        ReportScenario.Seed(db);
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static Dictionary<string, RecurringJobDto> RecurringJobs(IHost host)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(j => j.Id);
    }

    private static async Task ScheduleAsync(IHost host, Func<IDigestScheduler, Task> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<IDigestScheduler>());
    }

    [Fact]
    public async Task RecurringJobs_FollowAddChangeAndRemove()
    {
        using var host = JobsTestHost.Build(_database, _platform, new Dictionary<string, string?> { ["Host:Role"] = "chat" });
        long id;
        await using (var db = _database.CreateContext()) id = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES");
        DigestSubscription Load() { using var db = _database.CreateContext(); return db.Digests.AsNoTracking().Single(d => d.Id == id); }

        await ScheduleAsync(host, s => s.ScheduleAsync(Load(), CancellationToken.None));
        var job = RecurringJobs(host)[$"digest-{id}"];
        Assert.Equal(("0 9 * * 1", "Europe/Berlin"), (job.Cron, job.TimeZoneId));

        await using (var db = _database.CreateContext())
        {
            var subscription = await db.Digests.SingleAsync(d => d.Id == id);
            Assert.True(DigestSchedule.TryParse("weekdays 17:30", "America/New_York", out var changed, out _));
            (subscription.Schedule, subscription.Cron, subscription.TimeZone) = (changed.Text, changed.Cron, changed.TimeZoneId);
            await db.SaveChangesAsync();
        }
        await ScheduleAsync(host, s => s.ScheduleAsync(Load(), CancellationToken.None));
        job = RecurringJobs(host)[$"digest-{id}"];
        Assert.Equal(("30 17 * * 1-5", "America/New_York"), (job.Cron, job.TimeZoneId));

        await ScheduleAsync(host, s => s.UnscheduleAsync(id, CancellationToken.None));
        Assert.DoesNotContain($"digest-{id}", RecurringJobs(host).Keys);

        await using (var check = _database.CreateContext())
        {
            var schemas = await check.Database.SqlQueryRaw<string>("SELECT schema_name AS \"Value\" FROM information_schema.schemata").ToListAsync();
            Assert.Contains("hangfire", schemas);
        }
    }

    [Fact]
    public async Task HostStart_RegistersEverySubscriptionFromTheDatabase_AndDropsStaleJobs()
    {
        long pipeline, overdue;
        await using (var db = _database.CreateContext())
        {
            pipeline = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES");
            overdue = await SubscribeAsync(db, DigestKind.Overdue, "19:finance@thread.tacv2", schedule: "monthly 1 09:00");
        }
        using (var earlier = JobsTestHost.Build(_database, _platform, new Dictionary<string, string?> { ["Host:Role"] = "chat" }))
        {
            earlier.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<DigestJob>("digest-999",
                j => j.RunScheduledAsync(999, null, CancellationToken.None), "0 9 * * *");
        }

        using var host = JobsTestHost.Build(_database, _platform);
        await host.StartAsync();
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(RecurringJobs(host).ContainsKey($"digest-{overdue}")), Patience, "the schedules were registered");
        await host.StopAsync();

        var jobs = RecurringJobs(host);
        Assert.Equal("0 9 * * 1", jobs[$"digest-{pipeline}"].Cron);
        Assert.Equal("0 9 1 * *", jobs[$"digest-{overdue}"].Cron);
        Assert.DoesNotContain("digest-999", jobs.Keys);
        Assert.Contains("handoff-followups", jobs.Keys);
    }

    [Fact]
    public async Task TwoServers_RunningTheSameOccurrence_AndARetryOfIt_PostTheDigestOnce()
    {
        using var first = JobsTestHost.Build(_database, _platform);
        using var second = JobsTestHost.Build(_database, _platform);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        long id;
        await using (var db = _database.CreateContext()) id = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES");
        await using (var db = _database.CreateContext())
        {
            var subscription = await db.Digests.AsNoTracking().SingleAsync(d => d.Id == id);
            await ScheduleAsync(first, s => s.ScheduleAsync(subscription, CancellationToken.None));
        }

        // Each host's scheduler fires the same occurrence, as two hosts racing for one minute would.
        var jobA = ((IRecurringJobManagerV2)first.Services.GetRequiredService<IRecurringJobManager>()).TriggerJob($"digest-{id}");
        var jobB = ((IRecurringJobManagerV2)second.Services.GetRequiredService<IRecurringJobManager>()).TriggerJob($"digest-{id}");
        var monitoring = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        bool Succeeded(string job, int times) => monitoring.JobDetails(job).History.Count(h => h.StateName == "Succeeded") >= times;
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(Succeeded(jobA, 1) && Succeeded(jobB, 1)), Patience, "both jobs ran");

        // A forced retry of a job that already stored its digest.
        first.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobA);
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(Succeeded(jobA, 2)), Patience, "the retried job ran again");
        await JobsTestHost.WaitUntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Sent);
        }, Patience, "the digest was delivered");
        await Task.Delay(1500);
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        Assert.NotEqual(jobA, jobB);
        var post = Assert.Single(_platform.Posts);
        Assert.StartsWith($"digest:{id}:", post.IdempotencyKey);
        Assert.Equal("C0SALES", post.Channel);
        await using var check = _database.CreateContext();
        Assert.Equal(1, await check.Outbox.CountAsync());
    }

    [Fact]
    public async Task DigestRun_QueuesOneRunNow_ThatARetryDoesNotRepeat()
    {
        using var host = JobsTestHost.Build(_database, _platform);
        await host.StartAsync();
        long id;
        await using (var db = _database.CreateContext()) id = await SubscribeAsync(db, DigestKind.Tickets, "19:support@thread.tacv2");
        string job = "";
        await ScheduleAsync(host, async s => job = await s.RunNowAsync(id, CancellationToken.None));
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        bool Succeeded(int times) => monitoring.JobDetails(job).History.Count(h => h.StateName == "Succeeded") >= times;
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(Succeeded(1)), Patience, "the run-now job ran");
        host.Services.GetRequiredService<IBackgroundJobClient>().Requeue(job);
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(Succeeded(2)), Patience, "the retried job ran again");
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(_platform.Posts.Count > 0), Patience, "the digest was delivered");
        await Task.Delay(1500);
        await host.StopAsync();

        var post = Assert.Single(_platform.Posts);
        Assert.StartsWith($"digest:{id}:run:", post.IdempotencyKey);
        Assert.StartsWith("Tickets: 3 open tickets", post.Text);
    }
}
