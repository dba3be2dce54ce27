using Crm.Jobs.Hosting;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>
/// With <c>Slack:AppToken</c> set, keeps <see cref="Connections"/> Socket Mode connections open to Slack. Slack hands
/// each envelope to one of an app's connections (those of every host together); one that goes unacked, e.g. on a
/// connection that dropped, comes again, maybe on another one, and its delivery key makes it run once.
/// </summary>
internal sealed class SlackSocketModeService(
    IOptions<SlackOptions> options,
    IOptions<HostRoleOptions> role,
    SlackConnectionsOpen opener,
    SlackEnvelopeDispatcher dispatcher,
    TimeProvider time,
    ILoggerFactory logs) : BackgroundService
{
    /// <summary>Two, so a refresh or a drop of one never leaves the host unreachable.</summary>
    public const int Connections = 2;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A jobs-only host serves no chat, so it takes no envelopes either.
        if (!options.Value.SocketMode || !role.Value.ServesChat) return Task.CompletedTask;
        var log = logs.CreateLogger<SlackSocketConnection>();
        return Task.WhenAll(Enumerable.Range(1, Connections)
            .Select(slot => new SlackSocketConnection(slot, opener, dispatcher, options, time, log).RunAsync(stoppingToken)));
    }
}
