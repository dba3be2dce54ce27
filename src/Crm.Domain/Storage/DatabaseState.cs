using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Domain.Storage;

/// <summary>
/// Looks at a database without changing it. An embedded SQLite file that does not exist yet (or is
/// empty) is reported as not migrated without being opened, because opening it would create it.
/// </summary>
public static class DatabaseState
{
    public static async Task<DatabaseCheck> CheckAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        var all = db.Database.GetMigrations().ToList();
        if (!db.IsPostgres && SqliteFile(db) is { } file && (!File.Exists(file) || new FileInfo(file).Length == 0))
            return new DatabaseCheck(DatabaseStatus.NotMigrated, all);
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return new DatabaseCheck(DatabaseStatus.Unreachable, all, "the server did not accept a connection");
            // Asking EF for pending migrations without the history table logs a failed query: check for the table first.
            var history = db.Database.GetService<IHistoryRepository>();
            var pending = await history.ExistsAsync(cancellationToken)
                ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
                : all;
            return new DatabaseCheck(pending.Count == 0 ? DatabaseStatus.Ready : DatabaseStatus.NotMigrated, pending);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DatabaseCheck(DatabaseStatus.Unreachable, all, e.Message);
        }
    }

    /// <summary>The file behind an embedded database, or null for an in-memory one.</summary>
    public static string? SqliteFile(CrmDbContext db)
    {
        if (db.IsPostgres || db.Database.GetConnectionString() is not { } connectionString) return null;
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(source);
    }
}
