using System.Collections.Concurrent;
using Crm.Domain.Audit;
using Crm.Domain.Idempotency;
using Crm.Domain.Outbox;
using Crm.Domain.Storage.Bulk;
using Crm.Domain.Storage.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Crm.Domain.Storage;

/// <summary>
/// Saves what a read leaves behind — its audit rows, the delivery claim, an answer for the outbox —
/// as one batch of INSERTs on PostgreSQL, in a round trip shared with concurrent requests
/// (<see cref="SharedRoundTrips"/>). Column names and value conversions come
/// from the EF model (<see cref="BulkTable"/>), so the rows are exactly what SaveChanges would write;
/// what SaveChanges would add on top (change tracking, command building) is what the busiest path of
/// the bot cannot afford. Anything else in the change tracker, and every other provider, is left to
/// SaveChanges.
/// </summary>
public static class NewRowsBatch
{
    private static readonly HashSet<Type> Kinds = [typeof(AuditRecord), typeof(ProcessedRequest), typeof(OutboxMessage)];
    private static readonly ConcurrentDictionary<Type, Insert> Inserts = new();

    /// <summary>
    /// Saves the change tracker: through the batch when it holds only new rows of those kinds, otherwise
    /// through SaveChanges. On PostgreSQL SaveChanges then runs without BEGIN and COMMIT of its own: its
    /// statements go as one batch, which the server applies all or nothing.
    /// </summary>
    public static async Task SaveAsync(CrmDbContext db, CancellationToken ct)
    {
        if (await TrySaveAsync(db, ct)) return;
        if (db.IsPostgres) db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }
    }

    /// <summary>False when the change tracker holds anything but new rows of those kinds; nothing was written then.</summary>
    public static async Task<bool> TrySaveAsync(CrmDbContext db, CancellationToken ct)
    {
        if (!db.IsPostgres) return false;
        // Entries() detects changes itself when the context does so automatically; only otherwise ask for it.
        if (!db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList();
        if (entries.Any(e => e.State != EntityState.Added || !Kinds.Contains(e.Metadata.ClrType))) return false;
        if (entries.Count == 0) return true;

        var inserts = entries.Select(e => Inserts.GetOrAdd(e.Metadata.ClrType, _ => Insert.For(db, e))).ToList();
        var rows = entries.Select((e, i) => inserts[i].Row(e.Entity)).ToList();
        // Outside a transaction the rows share a round trip (and a commit) with concurrent requests';
        // inside one they must go through the transaction's connection.
        var keys = db.Database.CurrentTransaction is not null
            ? await ContextConnection.RunAsync(db, (connection, transaction) => RowStatement.ExecuteAsync(connection, transaction, rows, ct), ct)
            : await SharedRoundTrips.For(db).Rows.RunAsync(rows);
        for (var i = 0; i < entries.Count; i++)
            if (inserts[i].GeneratedKey is { } key) entries[i].Property(key).CurrentValue = keys[i];
        foreach (var entry in entries) entry.State = EntityState.Unchanged;
        return true;
    }

    /// <summary>One table's multi-row INSERT (handing back generated ids by row), with its columns in order.</summary>
    private sealed record Insert(IReadOnlyList<BulkColumn> Columns, string? GeneratedKey, MultiRowInsert Shape)
    {
        public static Insert For(CrmDbContext db, EntityEntry entry)
        {
            var table = BulkTable.For(db, entry.Metadata.ClrType);
            var key = entry.Metadata.FindPrimaryKey()!.Properties.Single();
            var generated = key.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd ? key.Name : null;
            var columns = table.Columns.Where(c => !(c.IsKey && generated is not null)).ToList();
            var keyColumn = table.Columns.Single(c => c.IsKey).Name;
            return new Insert(columns, generated, new MultiRowInsert(table.Name, columns.Select(c => (c.Name, c.StoreType)).ToList(), generated is null ? null : keyColumn));
        }

        public RowStatement Row(object entity) =>
            new(Shape, Columns.Select(column => column.Read(entity)).ToArray(), GeneratedKey is not null);
    }
}
