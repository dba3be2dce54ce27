using Crm.Domain.Storage;

namespace Crm.Bot.Pipeline;

/// <summary>
/// Claims a platform delivery (Slack event_id or trigger_id) in the database, so a retry or replay
/// reaching any host is recognised and applies nothing twice. One atomic insert-if-absent decides
/// races between hosts: whoever inserts the row owns the delivery.
/// </summary>
public sealed class DeliveryClaims(CrmDbContext db, TimeProvider time)
{
    /// <summary>True for the first delivery of <paramref name="key"/>; false for every repeat.</summary>
    public Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken) =>
        db.TryClaimDeliveryAsync(key, time.GetUtcNow(), cancellationToken);
}
