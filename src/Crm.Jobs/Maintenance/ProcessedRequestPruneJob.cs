using Crm.Domain.Storage;
using Crm.Domain.Storage.Sharing;
using Crm.Jobs.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Maintenance;

/// <summary>
/// Forgets handled deliveries older than <see cref="JobsOptions.ProcessedRequestRetention"/>, so the
/// deduplication table stays the size of a week's traffic instead of growing forever; the marks of
/// shared writes (PostgreSQL) go with them, and channel pauses that ended (a Retry-After) an hour ago or more.
/// </summary>
public sealed class ProcessedRequestPruneJob(CrmDbContext db, IOptions<JobsOptions> options, TimeProvider time, ILogger<ProcessedRequestPruneJob> log,
    JobDatabaseGate? gate = null)
{
    public const string RecurringId = "processed-requests-prune";
    public const string Cron = "17 * * * *";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // No gate where the job is built by hand against a database known to be migrated.
        if (gate is not null && !await gate.ReadyAsync(db, RecurringId, cancellationToken)) return 0;
        var cutoff = time.GetUtcNow() - options.Value.ProcessedRequestRetention;
        var deleted = await db.ProcessedRequests.Where(p => p.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        // Marks of shared writes matter only while a lost connection's outcome is resolved (seconds).
        if (db.IsPostgres)
            await ContextConnection.RunAsync(db, (connection, transaction) => SharedWriteMarks.PruneAsync(connection, transaction, cutoff, cancellationToken), cancellationToken);
        // A pause matters only until it ends; an hour later it is history (one row per channel that was ever paused otherwise).
        await db.ChannelPauses.Where(p => p.PausedUntil < time.GetUtcNow().AddHours(-1)).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) log.LogInformation("Forgot {Count} handled deliveries older than {Cutoff:u}", deleted, cutoff);
        return deleted;
    }
}
