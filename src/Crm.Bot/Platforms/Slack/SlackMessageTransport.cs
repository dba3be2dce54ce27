using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Sends one outbox message to Slack: chat.postMessage into a channel or into the DM with a user,
/// chat.update when it replaces an earlier message. One attempt; the dispatcher owns retries.
/// </summary>
public sealed class SlackMessageTransport(SlackApiClient api, BlockKitRenderer renderer, ILogger<SlackMessageTransport> log) : IMessageTransport
{
    public Platform Platform => Platform.Slack;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Recipient))
            return DeliveryResult.Permanent("The message has no Slack channel or user to go to.");
        var parts = renderer.Render(reply);
        try
        {
            SlackPosted first;
            var rest = parts.Skip(1);
            if (replaces is not null && SlackPosted.TryParse(replaces.ExternalMessageId, out var channel, out var ts))
            {
                first = await api.UpdateAsync(channel, ts, parts[0], SlackCallMode.Once, cancellationToken);
            }
            else
            {
                first = await api.PostMessageAsync(message.Recipient, parts[0], null, SlackCallMode.Once, cancellationToken);
            }
            // Parts beyond the first follow in the first one's thread, so the channel sees one message.
            foreach (var part in rest)
                await api.PostMessageAsync(first.Channel, part, first.Ts, SlackCallMode.Once, cancellationToken);
            return DeliveryResult.Sent(first.ExternalId);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            log.LogWarning("Slack refused outbox message {Id} for {Recipient}: {Error}", message.Id, message.Recipient, e.Error);
            return DeliveryResult.Permanent($"Slack {e.Method}: {e.Error}");
        }
        catch (SlackApiException e)
        {
            return DeliveryResult.Transient($"Slack {e.Method}: {e.Error}", e.RetryAfter);
        }
    }
}
