using Crm.Domain.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Bot.Storage;

/// <summary>Ready when the database answers and has every migration this build knows.</summary>
public sealed class DatabaseReadyCheck(CrmDbContext db, DatabaseMigrator migrator) : IHealthCheck
{
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            var pending = await migrator.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied; run `migrate`.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason goes to the log via the health check service; the probe only needs the verdict.
            return HealthCheckResult.Unhealthy("The database check failed.", e);
        }
    }
}
