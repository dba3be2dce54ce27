using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Slack.Install;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Handles one event before Slack gets its 200, because Slack never sends an acknowledged event
/// again: mentions and DMs run their command, whose answer the pipeline stores in the outbox (in the
/// command's own save where it has one) and hands to the answer sender; shared links and App Home opens
/// are claimed. What is left for after the 200 — unfurling, publishing the Home tab — is handed back.
/// </summary>
internal sealed class SlackEventRouter(
    ICommandPipeline pipeline,
    DeliveryClaims dedup,
    SlackChannelNames channels,
    SlackUninstalls uninstalls,
    ILogger<SlackEventRouter> log)
{
    /// <summary>
    /// What follows the 200 (null when nothing does, e.g. a repeated delivery). Throws when what the
    /// event implies could not be stored: the edge then answers 5xx and Slack retries.
    /// </summary>
    public async Task<Func<IServiceProvider, CancellationToken, Task>?> AcceptAsync(SlackEventEnvelope envelope, CancellationToken cancellationToken)
    {
        var e = envelope.Event!;
        // The app removed from a workspace: its installation goes and its deliveries stop, before the 200.
        if (e.Type is SlackUninstalls.AppUninstalled or SlackUninstalls.TokensRevoked)
        {
            await uninstalls.HandleAsync(envelope, cancellationToken);
            return null;
        }
        // Our own posts and edits come back as events too; answering them would loop.
        if (e.BotId is not null || e.Subtype is not null || string.IsNullOrEmpty(e.User)) return null;
        if (!IsHandled(e)) return null;

        var team = envelope.TeamId!;
        // The pipeline scopes ids by platform and workspace itself; it gets the bare event id.
        var key = envelope.EventId!;
        var delivery = $"slack:event:{key}";
        switch (e.Type)
        {
            case "app_mention" when e.Channel is not null:
            {
                var text = SlackMessageText.ToCommandLine(e.Text);
                var request = new ChatRequest(Platform.Slack, team, e.Channel, e.User, text.Length == 0 ? "help" : text, key, ReplyVisibility.Channel)
                {
                    ChannelName = await channels.NameOfAsync(team, e.Channel, cancellationToken),
                };
                return await AnswerAsync(request, delivery, new SlackReplyTarget(e.User, e.Channel, null, e.ThreadTs ?? e.Ts), cancellationToken);
            }
            case "message" when e.Channel is not null:
            {
                var text = SlackMessageText.ToCommandLine(e.Text);
                var request = new ChatRequest(Platform.Slack, team, null, e.User, text.Length == 0 ? "help" : text, key, ReplyVisibility.Private);
                return await AnswerAsync(request, delivery, new SlackReplyTarget(e.User, e.Channel, null, IsDirectMessage: true), cancellationToken);
            }
            // An unfurl or a Home tab is shown again the next time; claiming it is enough to stop doing it twice.
            case "link_shared":
                if (!await dedup.TryClaimAsync(delivery, cancellationToken)) return null;
                return (services, ct) => services.GetRequiredService<SlackLinkUnfurler>().UnfurlAsync(team, key, e, ct);
            case "app_home_opened":
                if (!await dedup.TryClaimAsync(delivery, cancellationToken)) return null;
                return (services, ct) => services.GetRequiredService<SlackHomeTab>().PublishAsync(team, e.User, ct);
        }
        return null;
    }

    /// <summary>Runs the command; the pipeline stores its answer (once, however often Slack sends the event) and sends it.</summary>
    private async Task<Func<IServiceProvider, CancellationToken, Task>?> AnswerAsync(ChatRequest request, string delivery, SlackReplyTarget target,
        CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.RunAsync(request with
            {
                DeliveryKey = delivery,
                RedeliveredOnFailure = true,
                ReplyTo = new SlackReplyAddress(request.Workspace, target, SlackReplyAddress.KeyFor(request.Workspace, request.IdempotencyKey)),
            }, cancellationToken);
        }
        catch (DuplicateDeliveryException)
        {
            log.LogInformation("Ignored a repeated Slack delivery {Key}", delivery);
        }
        return null;
    }

    private static bool IsHandled(SlackEvent e) => e.Type switch
    {
        "app_mention" => true,
        "message" => e.ChannelType == "im",
        "link_shared" => e.Links is { Count: > 0 },
        "app_home_opened" => e.Tab is null or "home",
        _ => false,
    };
}
