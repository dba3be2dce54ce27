using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Bot.Storage;

/// <summary>Applies the provider's migrations; EF takes a database lock, so several hosts may start at once.</summary>
public sealed class DatabaseMigrator(CrmDbContext db)
{
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        // Asking EF for pending migrations on a database without the history table logs a failed
        // query; checking for the table first keeps a fresh database's first start quiet.
        var history = db.Database.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(cancellationToken)) return db.Database.GetMigrations().ToList();
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    /// <summary>Applies what is pending and returns the names applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(cancellationToken);
        if (pending.Count > 0) await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
