using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Domain.Storage.Bulk;

/// <summary>
/// Writes many new rows fast, with keys chosen by the caller (so children can point at parents
/// without a round trip per row). PostgreSQL uses binary COPY; SQLite one prepared INSERT. Everything runs in
/// one transaction: the caller's, or the loader's own.
/// </summary>
public abstract class BulkLoader(CrmDbContext db) : IAsyncDisposable
{
    /// <param name="intoLiveTables">
    /// For a few thousand rows into tables in use (an import): indexes stay, and keys come from
    /// <see cref="ReserveKeysAsync{T}"/>, so rows others insert meanwhile never collide. Otherwise (the
    /// seed's millions into empty tables) secondary indexes are dropped and rebuilt and keys follow <see cref="MaxKeyAsync{T}"/>.
    /// </param>
    public static BulkLoader For(CrmDbContext db, bool intoLiveTables = false) =>
        db.IsPostgres ? new PostgresBulkLoader(db, intoLiveTables) : new SqliteBulkLoader(db);

    /// <summary>
    /// <paramref name="count"/> fresh keys for new rows of <typeparamref name="T"/>, taken from the
    /// table's key sequence on PostgreSQL (not necessarily consecutive); after the highest key on SQLite,
    /// whose one writer at a time keeps them free.
    /// </summary>
    public abstract Task<IReadOnlyList<long>> ReserveKeysAsync<T>(int count, CancellationToken cancellationToken) where T : class;

    /// <summary>The highest key in use, so new rows can continue after it.</summary>
    private IDbContextTransaction? _ownTransaction;

    protected CrmDbContext Db => db;

    /// <summary>Joins the caller's transaction, or starts one that <see cref="CommitOwnTransactionAsync"/> commits.</summary>
    protected async Task EnsureTransactionAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            _ownTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
    }

    protected async Task CommitOwnTransactionAsync(CancellationToken cancellationToken)
    {
        if (_ownTransaction is null) return;
        await _ownTransaction.CommitAsync(cancellationToken);
        await _ownTransaction.DisposeAsync();
        _ownTransaction = null;
    }

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

    /// <summary>Rolls back a transaction this loader started and did not commit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownTransaction is not null) await _ownTransaction.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
