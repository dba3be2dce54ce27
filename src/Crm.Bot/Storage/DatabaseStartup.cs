using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Storage;

/// <summary>
/// Runs before the host takes requests: applies migrations (unless Storage:MigrateOnStart is off)
/// and, on an empty embedded database, seeds the demo set so a first `dotnet run` has data to show.
/// </summary>
public sealed partial class DatabaseStartup(IServiceScopeFactory scopes, IOptions<StorageOptions> options, StorageChoice storage,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (options.Value.MigrateOnStart)
        {
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            LogMigrated(applied.Count, storage.Description);
        }

        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (storage.IsPostgres || !options.Value.SeedDemoOnFirstRun || !options.Value.MigrateOnStart) return;
        if (await db.Customers.AnyAsync(cancellationToken)) return;
        var summary = await scope.ServiceProvider.GetRequiredService<DemoSeeder>()
            .SeedAsync(options.Value.DemoCustomers, DemoSeeder.DefaultSeed, null, cancellationToken);
        LogSeeded(summary.Customers, summary.Rows, summary.Elapsed.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Database ready ({Storage}): {Applied} migration(s) applied")]
    private partial void LogMigrated(int applied, string storage);

    [LoggerMessage(LogLevel.Information, "Empty embedded database: seeded the demo set ({Customers} customers, {Rows} rows in {Seconds:F1} s)")]
    private partial void LogSeeded(long customers, long rows, double seconds);
}
