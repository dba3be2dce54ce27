using Crm.Bot.Storage;
using Crm.Domain.Storage;

namespace Crm.Bot.Cli;

/// <summary>
/// Gets the database ready before a verb runs, the same way for every verb: the embedded SQLite
/// default is migrated as the host would on its start; PostgreSQL is only looked at, and a missing
/// migration is reported with what to run (deployments migrate PostgreSQL as a step of their own).
/// The embedded database then gets the demo set as the host's first start would give it (the same
/// <see cref="FirstRunDemoSeed"/> decision), so `ask --as ava@example.com "show acme"` on a fresh home
/// answers with Acme instead of "no CRM role yet".
/// </summary>
public sealed class CliDatabaseGate(IServiceScopeFactory scopes, StorageChoice storage)
{
    /// <summary>
    /// Null when the database is ready; otherwise the sentence to show instead of running the verb.
    /// What the demo seeding did is said on <paramref name="notices"/> when it added something, or when
    /// this call created the database (so a fresh home learns why nothing was seeded); otherwise nothing.
    /// Without <paramref name="seedDemo"/> (a verb that brings its own customers) nothing is seeded.
    /// </summary>
    public async Task<string?> PrepareAsync(TextWriter notices, bool seedDemo, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (storage.OwnedByThisHost)
        {
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            if (!seedDemo) return null;
            var demo = await ActivatorUtilities.CreateInstance<FirstRunDemoSeed>(scope.ServiceProvider).RunAsync(cancellationToken);
            if (demo.Seeded || applied.Count > 0) await notices.WriteLineAsync($"Demo data: {demo.Text}");
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
