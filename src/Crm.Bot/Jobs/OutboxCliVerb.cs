using System.Globalization;
using Crm.Bot.Cli;
using Crm.Domain.Common;
using Crm.Domain.Outbox;

namespace Crm.Bot.Jobs;

/// <summary><c>outbox list</c> shows messages that failed for good; <c>outbox retry &lt;id&gt;</c> sends one again.</summary>
public sealed class OutboxCliVerb(IServiceScopeFactory scopes) : ICliVerb
{
    public string Name => "outbox";
    public string Summary => "list failed outgoing messages, or retry one once its cause is fixed";
    public string Help => """
        Usage:
          outbox list [--limit N]   messages that failed for a reason retrying cannot fix (newest first), and how many wait
          outbox retry <id>         queue a failed message again (after fixing its cause, e.g. re-inviting the bot)
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<OutboxAdmin>();
        switch (args.FirstOrDefault()?.ToLowerInvariant())
        {
            case "list":
                var limit = 50;
                if (args.Count >= 3 && args[1] == "--limit" && !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out limit))
                {
                    await output.WriteLineAsync($"'{args[2]}' is not a number. Use e.g. `outbox list --limit 20`.");
                    return 2;
                }
                var failed = await admin.ListFailedAsync(limit, cancellationToken);
                await output.WriteLineAsync($"{await admin.CountPendingAsync(cancellationToken)} waiting, {failed.Count} failed shown.");
                foreach (var e in failed)
                    await output.WriteLineAsync($"{e.Id,8}  {TimeDisplay.Utc.Moment(e.CreatedAt)}  {e.Purpose,-16} {e.Target}  after {e.Attempts} attempts: {e.LastError}");
                return 0;
            case "retry" when args.Count == 2 && long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                var result = await admin.RetryAsync(id, "cli", Platform.Cli, cancellationToken);
                await output.WriteLineAsync(result.Message);
                return result.Queued ? 0 : 1;
            default:
                await output.WriteLineAsync("Expected `outbox list` or `outbox retry <id>` (the id is the first column of `outbox list`).");
                await output.WriteLineAsync(Help);
                return 2;
        }
    }
}
