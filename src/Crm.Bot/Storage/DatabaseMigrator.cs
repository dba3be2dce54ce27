using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Storage;

/// <summary>Applies the provider's migrations; EF takes a database lock, so several hosts may start at once.</summary>
public sealed class DatabaseMigrator(CrmDbContext db)
{
    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken) =>
        (await DatabaseState.CheckAsync(db, cancellationToken)).Pending;

    /// <summary>Applies what is pending and returns the names applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var check = await DatabaseState.CheckAsync(db, cancellationToken);
        if (check.Status == DatabaseStatus.Ready) return [];
        if (DatabaseState.SqliteFile(db) is { } file) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // A migration that builds an index over a large table (the note index over millions of notes takes minutes)
        // must not be cut off by the per-statement timeout meant for requests: it would roll back and fail every start.
        // The caller's token still stops it.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(MigrationTimeout);
        try { await db.Database.MigrateAsync(cancellationToken); }
        finally { db.Database.SetCommandTimeout(timeout); }
        return check.Pending;
    }
}
