using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Handles one event after the ack: mentions and DMs run commands, shared links unfurl, App Home publishes.</summary>
internal sealed class SlackEventRouter(
    DeliveryClaims dedup,
    SlackPipelineRunner runner,
    SlackReplySender sender,
    SlackLinkUnfurler unfurler,
    SlackHomeTab home,
    SlackChannelNames channels)
{
    public async Task HandleAsync(SlackEventEnvelope envelope, CancellationToken cancellationToken)
    {
        var e = envelope.Event!;
        // Our own posts and edits come back as events too; answering them would loop.
        if (e.BotId is not null || e.Subtype is not null || string.IsNullOrEmpty(e.User)) return;
        if (!IsHandled(e)) return;
        if (!await dedup.TryClaimAsync($"slack:event:{envelope.EventId}", cancellationToken)) return;

        var team = envelope.TeamId!;
        // The pipeline scopes ids by platform and workspace itself; it gets the bare event id.
        var key = envelope.EventId!;
        switch (e.Type)
        {
            case "app_mention" when e.Channel is not null:
            {
                var text = SlackMessageText.ToCommandLine(e.Text);
                var request = new ChatRequest(Platform.Slack, team, e.Channel, e.User, text.Length == 0 ? "help" : text, key, ReplyVisibility.Channel)
                {
                    ChannelName = await channels.NameOfAsync(team, e.Channel, cancellationToken),
                };
                var reply = await runner.RunAsync(request, cancellationToken);
                await sender.SendAsync(reply, new SlackReplyTarget(e.User, e.Channel, null, e.ThreadTs ?? e.Ts), team, cancellationToken);
                break;
            }
            case "message" when e.Channel is not null:
            {
                var text = SlackMessageText.ToCommandLine(e.Text);
                var request = new ChatRequest(Platform.Slack, team, null, e.User, text.Length == 0 ? "help" : text, key, ReplyVisibility.Private);
                var reply = await runner.RunAsync(request, cancellationToken);
                await sender.SendAsync(reply, new SlackReplyTarget(e.User, e.Channel, null, IsDirectMessage: true), team, cancellationToken);
                break;
            }
            case "link_shared":
                await unfurler.UnfurlAsync(team, key, e, cancellationToken);
                break;
            case "app_home_opened":
                await home.PublishAsync(team, e.User, cancellationToken);
                break;
        }
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
