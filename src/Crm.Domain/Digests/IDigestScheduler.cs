namespace Crm.Domain.Digests;

/// <summary>
/// Keeps the job scheduler in step with the digest subscriptions in the database (one recurring job
/// per subscription) and runs a digest on demand. Implemented by Crm.Jobs with Hangfire.
/// </summary>
public interface IDigestScheduler
{
    /// <summary>Adds or replaces the recurring job of this subscription.</summary>
    Task ScheduleAsync(DigestSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Removes the recurring job of a removed subscription.</summary>
    Task UnscheduleAsync(long subscriptionId, CancellationToken cancellationToken);

    /// <summary>Queues one run now; returns the job id.</summary>
    Task<string> RunNowAsync(long subscriptionId, CancellationToken cancellationToken);
}
