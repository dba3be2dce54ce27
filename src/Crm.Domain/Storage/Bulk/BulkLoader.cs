using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Storage.Bulk;

/// <summary>
/// Writes many new rows fast, with keys chosen by the caller (so children can point at parents
/// without a round trip per row). PostgreSQL uses binary COPY; SQLite one prepared INSERT in one
/// transaction.
/// </summary>
public abstract class BulkLoader(CrmDbContext db) : IAsyncDisposable
{
    public static BulkLoader For(CrmDbContext db) => db.IsPostgres ? new PostgresBulkLoader(db) : new SqliteBulkLoader(db);

    /// <summary>The highest key in use, so new rows can continue after it.</summary>
    protected CrmDbContext Db => db;

    public async Task<long> MaxKeyAsync<T>(CancellationToken cancellationToken) where T : class
    {
        var table = BulkTable.For<T>(db);
        var key = table.Columns.Single(c => c.IsKey).Name;
        // Names come from the EF model, never from input.
        var sql = $"SELECT COALESCE(MAX(\"{key}\"), 0) AS \"Value\" FROM \"{table.Name}\"";
        return await db.Database.SqlQueryRaw<long>(sql).SingleAsync(cancellationToken);
    }

    /// <summary>Writes the rows; <paramref name="key"/> gives each entity its primary key. Returns the row count.</summary>
    public abstract Task<long> WriteAsync<T>(IEnumerable<T> rows, Func<T, long> key, CancellationToken cancellationToken) where T : class;

    /// <summary>Makes the written rows durable and the store ready for normal use (key sequences, statistics).</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
