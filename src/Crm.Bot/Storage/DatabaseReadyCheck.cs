using Crm.Domain.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Bot.Storage;

/// <summary>
/// Ready when the database answers and has every migration this build knows. A reachable database
/// that lacks migrations says so ("not migrated: run migrate"), not that it cannot be reached.
/// </summary>
public sealed class DatabaseReadyCheck(CrmDbContext db) : IHealthCheck
{
    public const string Tag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var check = await DatabaseState.CheckAsync(db, cancellationToken);
        return check.Status == DatabaseStatus.Ready
            ? HealthCheckResult.Healthy("Database reachable and migrated.")
            : HealthCheckResult.Unhealthy($"Database {check.Describe()}.");
    }
}
