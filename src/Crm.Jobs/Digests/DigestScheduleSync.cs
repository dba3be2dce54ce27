using Crm.Domain.Digests;
using Crm.Domain.Storage;
using Crm.Jobs.Notifications;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Jobs.Digests;

/// <summary>
/// At start, makes the recurring jobs match the database: one per digest subscription (the
/// in-memory store of the embedded host starts empty; a shared store may hold jobs of removed
/// subscriptions), plus the handoff follow-up sweep. Retries until the database is reachable.
/// </summary>
public sealed class DigestScheduleSync(IServiceScopeFactory scopes, JobStorage storage, IRecurringJobManager recurring,
    ILogger<DigestScheduleSync> log) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var saidNotMigrated = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // An unmigrated database is said once and waited for, not a stack trace every try.
                DatabaseCheck check;
                await using (var scope = scopes.CreateAsyncScope())
                    check = await DatabaseState.CheckAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), stoppingToken);
                if (check.Status != DatabaseStatus.Ready)
                {
                    if (!saidNotMigrated)
                        log.LogWarning("Digest schedules not registered yet: the database is {State}; looking again every {Delay}", check.Describe(), RetryDelay);
                    saidNotMigrated = true;
                    try { await Task.Delay(RetryDelay, stoppingToken); }
                    catch (OperationCanceledException) { return; }
                    continue;
                }
                var count = await SyncAsync(stoppingToken);
                log.LogInformation("Registered {Count} digest schedules from the database", count);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Registering digest schedules failed; trying again in {Delay}", RetryDelay);
                try { await Task.Delay(RetryDelay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Returns how many subscriptions have a recurring job now.</summary>
    public async Task<int> SyncAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var scheduler = scope.ServiceProvider.GetRequiredService<IDigestScheduler>();
        var subscriptions = await db.Digests.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        foreach (var subscription in subscriptions)
        {
            try { await scheduler.ScheduleAsync(subscription, ct); }
            catch (InvalidOperationException e)
            {
                // One bad stored schedule must not keep every other digest from running.
                log.LogError(e, "Digest {Id} has an invalid schedule and was not registered", subscription.Id);
            }
        }

        var wanted = subscriptions.Select(s => HangfireDigestScheduler.RecurringId(s.Id)).ToHashSet();
        using (var connection = storage.GetConnection())
        {
            foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(HangfireDigestScheduler.RecurringPrefix, StringComparison.Ordinal)))
            {
                if (!wanted.Contains(job.Id)) recurring.RemoveIfExists(job.Id);
            }
        }

        recurring.AddOrUpdate<HandoffFollowUpJob>(HandoffFollowUpJob.RecurringId,
            job => job.RunAsync(CancellationToken.None), HandoffFollowUpJob.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<Maintenance.ProcessedRequestPruneJob>(Maintenance.ProcessedRequestPruneJob.RecurringId,
            job => job.RunAsync(CancellationToken.None), Maintenance.ProcessedRequestPruneJob.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<Maintenance.OutboxRetentionJob>(Maintenance.OutboxRetentionJob.RecurringId,
            job => job.RunAsync(CancellationToken.None), Maintenance.OutboxRetentionJob.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return subscriptions.Count;
    }
}
