using Crm.Domain.Idempotency;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Claims a Slack delivery (event_id, trigger_id) in the database, so a retry or replay reaching any
/// host is recognised and applies nothing twice. The primary key decides races between hosts.
/// </summary>
public sealed class SlackDeduplicator(CrmDbContext db, TimeProvider time, ILogger<SlackDeduplicator> log)
{
    /// <summary>True for the first delivery of <paramref name="key"/>; false for every repeat.</summary>
    public async Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        if (await db.ProcessedRequests.AsNoTracking().AnyAsync(p => p.Key == key, cancellationToken))
            return false;
        var row = new ProcessedRequest { Key = key, At = time.GetUtcNow() };
        db.ProcessedRequests.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another host inserted the same key between our check and our insert: it owns the delivery.
            log.LogInformation("Slack delivery {Key} was claimed by another host", key);
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
