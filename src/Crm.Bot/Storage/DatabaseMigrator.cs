using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Storage;

/// <summary>Applies the provider's migrations; EF takes a database lock, so several hosts may start at once.</summary>
public sealed class DatabaseMigrator(CrmDbContext db)
{
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken) =>
        (await DatabaseState.CheckAsync(db, cancellationToken)).Pending;

    /// <summary>Applies what is pending and returns the names applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var check = await DatabaseState.CheckAsync(db, cancellationToken);
        if (check.Status == DatabaseStatus.Ready) return [];
        if (DatabaseState.SqliteFile(db) is { } file) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await db.Database.MigrateAsync(cancellationToken);
        return check.Pending;
    }
}
