using Crm.Domain.Digests;
using Hangfire;

namespace Crm.Jobs.Digests;

/// <summary>One Hangfire recurring job per digest subscription, with the subscription's cron and time zone.</summary>
public sealed class HangfireDigestScheduler(IRecurringJobManager recurring, IBackgroundJobClient jobs, TimeProvider time) : IDigestScheduler
{
    public const string RecurringPrefix = "digest-";

    public static string RecurringId(long subscriptionId) => $"{RecurringPrefix}{subscriptionId}";

    public Task ScheduleAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        // Rebuilding the schedule validates what is stored before Hangfire sees it.
        var schedule = DigestSchedule.FromStored(subscription.Schedule, subscription.Cron, subscription.TimeZone);
        recurring.AddOrUpdate<DigestJob>(RecurringId(subscription.Id),
            job => job.RunScheduledAsync(subscription.Id, null, CancellationToken.None),
            schedule.Cron,
            new RecurringJobOptions { TimeZone = schedule.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed });
        return Task.CompletedTask;
    }

    public Task UnscheduleAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        recurring.RemoveIfExists(RecurringId(subscriptionId));
        return Task.CompletedTask;
    }

    public Task<string> RunNowAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        var requestedAt = time.GetUtcNow();
        var id = jobs.Create<DigestJob>(job => job.RunNowAsync(subscriptionId, requestedAt, CancellationToken.None),
            new Hangfire.States.EnqueuedState(JobQueues.Digests));
        return Task.FromResult(id);
    }
}
