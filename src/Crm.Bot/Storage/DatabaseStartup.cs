using Microsoft.Extensions.Options;

namespace Crm.Bot.Storage;

/// <summary>
/// Runs before the host takes requests: applies migrations (unless Storage:MigrateOnStart is off)
/// and, on an embedded database of a host without a real platform, seeds the demo set so a first
/// `dotnet run` has data to show. It always says what it seeded, what it did not, and why.
/// </summary>
public sealed partial class DatabaseStartup(IServiceScopeFactory scopes, IOptions<StorageOptions> options, StorageChoice storage,
    DemoSeedReport report, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (options.Value.MigrateOnStart)
        {
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            LogMigrated(applied.Count, storage.Description);
        }
        report.Text = (await ActivatorUtilities.CreateInstance<FirstRunDemoSeed>(scope.ServiceProvider).RunAsync(cancellationToken)).Text;
        LogDemo(report.Text);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Database ready ({Storage}): {Applied} migration(s) applied")]
    private partial void LogMigrated(int applied, string storage);

    [LoggerMessage(LogLevel.Information, "Demo data: {Report}")]
    private partial void LogDemo(string report);
}
