using Microsoft.EntityFrameworkCore;
using Crm.Domain.Storage;
using Crm.Domain.Storage.Bulk;
using Crm.Domain.Storage.Sharing;

namespace Crm.Domain.Outbox;

/// <summary>
/// Stores the outcome of sending an outbox row this host claimed, from the copy the sender holds,
/// without reading the row again: one UPDATE of the outcome columns that applies only while the claim
/// is still the sender's, in a round trip shared with concurrent requests (PostgreSQL).
/// </summary>
public static class ClaimedRowOutcome
{
    /// <summary>Everything recording an attempt may change (Crm.Jobs' OutboxOutcomeRecorder); the content of the message never changes.</summary>
    private static readonly string[] OutcomeColumns =
    [
        nameof(OutboxMessage.Status), nameof(OutboxMessage.Attempts), nameof(OutboxMessage.NextAttemptAt), nameof(OutboxMessage.LockedUntil),
        nameof(OutboxMessage.LockedBy), nameof(OutboxMessage.SentAt), nameof(OutboxMessage.ExternalMessageId), nameof(OutboxMessage.PartsSent),
        nameof(OutboxMessage.LastError),
    ];

    // The model is the same for every context, so the statement is built once.
    private static (IReadOnlyList<BulkColumn> Columns, MultiRowUpdate Shape)? _update;

    /// <summary>
    /// True when the row was still claimed by <paramref name="claim"/> and now holds
    /// <paramref name="message"/>'s values; false when the claim had run out and another sender took
    /// the row over (nothing is written then).
    /// </summary>
    /// <remarks>
    /// The embedded database serves one host, so no one else can hold the claim: there the row (tracked
    /// or a detached copy) is simply saved.
    /// </remarks>
    public static async Task<bool> SaveAsync(CrmDbContext db, OutboxMessage message, string claim, CancellationToken ct = default)
    {
        var entry = db.Entry(message);
        if (!WritesFromCopy(db))
        {
            if (entry.State == EntityState.Detached) db.Outbox.Update(message);
            await db.SaveChangesAsync(ct);
            return true;
        }
        var (columns, shape) = _update ??= Build(db);
        object?[] values = [message.Id, .. columns.Select(c => c.Read(message)), claim];
        var matched = await SharedRoundTrips.For(db).Rows.RunAsync([new RowStatement(shape, values, ReadsKey: true)]);
        // Written (or not ours to write): a later save of this context must not write it again.
        if (entry.State != EntityState.Detached) entry.State = EntityState.Unchanged;
        return matched[0] == message.Id;
    }

    /// <summary>
    /// Whether an outcome is written from the sender's copy, claim-conditionally, without reading the
    /// row (PostgreSQL); elsewhere the sender reads the row before it sends.
    /// </summary>
    public static bool WritesFromCopy(CrmDbContext db) => db.IsPostgres;

    private static (IReadOnlyList<BulkColumn>, MultiRowUpdate) Build(CrmDbContext db)
    {
        var table = BulkTable.For<OutboxMessage>(db);
        var key = table.Columns.Single(c => c.IsKey);
        var lockedBy = table.Columns.Single(c => c.Name == nameof(OutboxMessage.LockedBy));
        var columns = OutcomeColumns.Select(name => table.Columns.Single(c => c.Name == name)).ToList();
        // Outcomes recorded at the same moment go as one UPDATE (see SharedRoundTrips).
        return (columns, new MultiRowUpdate(table.Name, (key.Name, key.StoreType), columns.Select(c => (c.Name, c.StoreType)).ToList(), (lockedBy.Name, lockedBy.StoreType)));
    }
}
