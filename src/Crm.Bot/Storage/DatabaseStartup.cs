using Crm.Bot.TryIt;
using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Storage;

/// <summary>
/// Runs before the host takes requests: applies migrations (unless Storage:MigrateOnStart is off)
/// and, on an embedded database of a host without a real platform, seeds the demo set so a first
/// `dotnet run` has data to show. It always says what it seeded, what it did not, and why.
/// </summary>
public sealed partial class DatabaseStartup(IServiceScopeFactory scopes, IOptions<StorageOptions> options, StorageChoice storage,
    IConfiguration configuration, DemoSeedReport report, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (options.Value.MigrateOnStart)
        {
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            LogMigrated(applied.Count, storage.Description);
        }
        report.Text = await SeedDemoAsync(scope.ServiceProvider, cancellationToken);
        LogDemo(report.Text);
    }

    private async Task<string> SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var mode = ConsoleMode.From(configuration);
        var platforms = new[] { (mode.SlackConfigured, "Slack"), (mode.TeamsConfigured, "Teams") }.Where(p => p.Item1).Select(p => p.Item2).ToList();
        if (platforms.Count > 0)
            return $"demo set not seeded: {string.Join(" and ", platforms)} {(platforms.Count == 1 ? "is" : "are")} configured, so the demo people " +
                   "and their role rules (root@example.com → crm-admin among them) are never added to this database";
        if (storage.IsPostgres)
            return "demo set not seeded: PostgreSQL is never seeded at start (`seed` fills an empty database)";
        if (!options.Value.SeedDemoOnFirstRun) return "demo set not seeded: Storage:SeedDemoOnFirstRun is false";
        if (!options.Value.MigrateOnStart) return "demo set not seeded: Storage:MigrateOnStart is false (run `migrate`, then start again)";

        var db = services.GetRequiredService<CrmDbContext>();
        var seeder = services.GetRequiredService<DemoSeeder>();
        var customers = await db.Customers.CountAsync(cancellationToken);
        var rules = await db.RoleMappings.CountAsync(cancellationToken);
        if (customers == 0)
        {
            var summary = await seeder.SeedAsync(options.Value.DemoCustomers, DemoSeeder.DefaultSeed, null, cancellationToken);
            return $"seeded the demo set: {summary.Customers:N0} customers ({summary.Rows:N0} rows in {summary.Elapsed.TotalSeconds:F1} s)" +
                   (summary.People > 0 ? $" and {summary.People} demo people with their roles (root@example.com is crm-admin)" : "");
        }
        if (rules == 0)
        {
            // Customers came first (e.g. `import customers` before the first start): without the demo
            // people nobody would hold a role, not even an admin who could map one.
            var people = seeder.SeedPeople();
            return $"demo customers not seeded: the database already holds {customers:N0} customer(s) and the demo records only fill an " +
                   $"empty database; seeded the {people} demo people with their roles (root@example.com is crm-admin) because no role rules existed";
        }
        return $"demo set not seeded: the database already holds {customers:N0} customer(s) and {rules:N0} role rule(s)";
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Database ready ({Storage}): {Applied} migration(s) applied")]
    private partial void LogMigrated(int applied, string storage);

    [LoggerMessage(LogLevel.Information, "Demo data: {Report}")]
    private partial void LogDemo(string report);
}
