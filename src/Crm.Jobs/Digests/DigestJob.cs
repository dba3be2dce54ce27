using Crm.Domain.Digests;
using Crm.Domain.Storage;
using Crm.Jobs.Hosting;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Jobs.Digests;

/// <summary>The Hangfire entry points of digests: the recurring run of a subscription and a run on demand.</summary>
public sealed class DigestJob(DigestRunner runner, CrmDbContext db, TimeProvider time, ILogger<DigestJob> log, JobDatabaseGate gate)
{
    /// <summary>
    /// Runs the occurrence this job was created for. The scheduled time is the schedule's latest
    /// occurrence at the job's creation, which a retry of the same job sees unchanged, so a retry (or
    /// a second job for the same occurrence from another host) finds the digest already stored.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    [Queue(JobQueues.Digests)]
    [JobDisplayName("Digest {0}")]
    public async Task RunScheduledAsync(long subscriptionId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (!await gate.ReadyAsync(db, "digests", cancellationToken)) return;
        var subscription = await db.Digests.AsNoTracking().FirstOrDefaultAsync(d => d.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            log.LogInformation("Digest {Id} no longer exists; nothing to run", subscriptionId);
            return;
        }
        var createdAt = context?.BackgroundJob.CreatedAt is { } created
            ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))
            : time.GetUtcNow();
        var schedule = DigestSchedule.FromStored(subscription.Schedule, subscription.Cron, subscription.TimeZone);
        var scheduledFor = schedule.PreviousOccurrence(createdAt) ?? createdAt;
        var outcome = await runner.RunAsync(subscriptionId, scheduledFor, manual: false, cancellationToken);
        log.LogInformation("Digest {Id} for {ScheduledFor:O}: {Outcome}", subscriptionId, scheduledFor, outcome);
    }

    [AutomaticRetry(Attempts = 5)]
    [Queue(JobQueues.Digests)]
    [JobDisplayName("Digest {0} (run now)")]
    public async Task RunNowAsync(long subscriptionId, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        if (!await gate.ReadyAsync(db, "digests", cancellationToken)) return;
        var outcome = await runner.RunAsync(subscriptionId, requestedAt, manual: true, cancellationToken);
        log.LogInformation("Digest {Id} run asked at {RequestedAt:O}: {Outcome}", subscriptionId, requestedAt, outcome);
    }
}
