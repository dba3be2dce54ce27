using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Fetches the signing keys when the host starts, so the first activities find them ready instead of
/// waiting (at most a second) for a fetch of their own. Does nothing while Teams is not configured.
/// </summary>
internal sealed class BotFrameworkKeyWarmUp(BotFrameworkKeyCache keys, IOptions<TeamsOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.IsConfigured ? keys.WarmUpAsync(stoppingToken) : Task.CompletedTask;
}
