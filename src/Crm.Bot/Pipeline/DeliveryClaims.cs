using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline;

/// <summary>
/// Claims a platform delivery (Slack event_id or trigger_id) in the database, so a retry or replay
/// reaching any host is recognised and applies nothing twice. One atomic insert-if-absent decides
/// races between hosts: whoever inserts the row owns the delivery.
/// </summary>
public sealed class DeliveryClaims(CrmDbContext db, TimeProvider time)
{
    /// <summary>True for the first delivery of <paramref name="key"/>; false for every repeat.</summary>
    public async Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        // SQLite keeps DateTimeOffset as UTC ticks (SqliteCrmDbContext), so the raw value must match that.
        var inserted = db.IsPostgres
            ? await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO processed_requests (\"Key\", \"At\") VALUES ({key}, {at}) ON CONFLICT (\"Key\") DO NOTHING", cancellationToken)
            : await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT OR IGNORE INTO processed_requests (\"Key\", \"At\") VALUES ({key}, {at.UtcTicks})", cancellationToken);
        return inserted == 1;
    }
}
