using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Jobs.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Maintenance;

/// <summary>
/// Deletes rendered messages (customer cards, answers, their addresses) from the outbox once they were
/// sent or failed for good longer than <see cref="JobsOptions.OutboxRetention"/> ago: what the bot said
/// lives on in the chat tool, the audit trail records that it was said, and the outbox need not keep a
/// second copy of personal data. Messages still to be sent are never deleted. Reply files (charts, exports)
/// are deleted once they expire (<see cref="Crm.Domain.Files.ReplyFiles.Lifetime"/>).
/// </summary>
public sealed class OutboxRetentionJob(CrmDbContext db, IOptions<JobsOptions> options, TimeProvider time, ILogger<OutboxRetentionJob> log,
    JobDatabaseGate? gate = null)
{
    public const string RecurringId = "outbox-retention";
    public const string Cron = "47 * * * *";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // No gate where the job is built by hand against a database known to be migrated.
        if (gate is not null && !await gate.ReadyAsync(db, RecurringId, cancellationToken)) return 0;
        var cutoff = time.GetUtcNow() - options.Value.OutboxRetention;
        // A message another one replaces later (a handoff card) stays while that one may still need its id.
        var deleted = await db.Outbox
            .Where(o => o.Status != OutboxStatus.Pending && o.CreatedAt < cutoff)
            .Where(o => !db.Outbox.Any(r => r.ReplacesMessageId == o.Id && r.Status == OutboxStatus.Pending))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) log.LogInformation("Deleted {Count} outbox message(s) sent or failed before {Cutoff:u}", deleted, cutoff);
        // Reply files (charts, exports) are kept only until their links expire.
        var now = time.GetUtcNow();
        var files = await db.Files.Where(f => f.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        if (files > 0) log.LogInformation("Deleted {Count} expired reply file(s)", files);
        return deleted;
    }
}
