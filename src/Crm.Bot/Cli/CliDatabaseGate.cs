using Crm.Bot.Storage;
using Crm.Domain.Storage;

namespace Crm.Bot.Cli;

/// <summary>
/// Gets the database ready before a verb runs, the same way for every verb: the embedded SQLite
/// default is migrated as the host would on its start; PostgreSQL is only looked at, and a missing
/// migration is reported with what to run (deployments migrate PostgreSQL as a step of their own).
/// </summary>
public sealed class CliDatabaseGate(IServiceScopeFactory scopes, StorageChoice storage)
{
    /// <summary>Null when the database is ready; otherwise the sentence to show instead of running the verb.</summary>
    public async Task<string?> PrepareAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (!storage.IsPostgres)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            return null;
        }
        var check = await DatabaseState.CheckAsync(db, cancellationToken);
        return check.Status switch
        {
            DatabaseStatus.Ready => null,
            DatabaseStatus.NotMigrated =>
                $"{storage.Description} is not migrated ({check.Pending.Count} migration(s) pending): run `migrate` first " +
                "(`dotnet run --project src/Crm.Bot -- migrate` with the same ConnectionStrings:Crm), then this command again.",
            _ => $"{storage.Description} cannot be reached: {check.Problem}",
        };
    }
}
