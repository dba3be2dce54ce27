using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Sends one outbox message to Slack: chat.postMessage into a channel (in a thread when it answers
/// one) or into the DM with a user, chat.update when it replaces an earlier message, and direct
/// answers through the request's response_url or chat.postEphemeral. One attempt; the dispatcher
/// owns retries.
/// </summary>
public sealed class SlackMessageTransport(SlackApiClient api, BlockKitRenderer renderer, ILogger<SlackMessageTransport> log) : IMessageTransport
{
    public Platform Platform => Platform.Slack;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Recipient))
            return DeliveryResult.Permanent("The message has no Slack channel or user to go to.");
        IReadOnlyList<SlackMessage> parts = renderer.Render(reply);
        if (message.Purpose == ClaimedOutbox.RestPurpose) parts = parts.Skip(1).ToList();
        if (parts.Count == 0) return DeliveryResult.Sent(null);
        try
        {
            return message.TargetKind switch
            {
                OutboxTargetKind.ReplyUrl => await ToResponseUrlAsync(message.Recipient, parts, reply.Visibility, cancellationToken),
                OutboxTargetKind.Ephemeral => await EphemeralAsync(message.Recipient, parts, cancellationToken),
                _ => await PostAsync(message, parts, replaces, cancellationToken),
            };
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            // Never the recipient itself: a response_url is a credential.
            log.LogWarning("Slack refused outbox message {Id} ({Kind}): {Error}", message.Id, message.TargetKind, e.Error);
            return DeliveryResult.Permanent($"Slack {e.Method}: {e.Error}");
        }
        catch (SlackApiException e)
        {
            return DeliveryResult.Transient($"Slack {e.Method}: {e.Error}", e.RetryAfter);
        }
    }

    private async Task<DeliveryResult> PostAsync(OutboxMessage message, IReadOnlyList<SlackMessage> parts, OutboxMessage? replaces, CancellationToken ct)
    {
        SlackPosted first;
        if (replaces is not null && SlackPosted.TryParse(replaces.ExternalMessageId, out var channel, out var ts))
            first = await api.UpdateAsync(channel, ts, parts[0], SlackCallMode.Once, ct);
        else
            first = await api.PostMessageAsync(message.Recipient, parts[0], message.ReplyToExternalId, SlackCallMode.Once, ct);
        // Parts beyond the first follow in the first one's thread (or the thread it answered), so the channel sees one message.
        foreach (var part in parts.Skip(1))
            await api.PostMessageAsync(first.Channel, part, message.ReplyToExternalId ?? first.Ts, SlackCallMode.Once, ct);
        return DeliveryResult.Sent(first.ExternalId);
    }

    private async Task<DeliveryResult> ToResponseUrlAsync(string responseUrl, IReadOnlyList<SlackMessage> parts, ReplyVisibility visibility, CancellationToken ct)
    {
        foreach (var part in parts)
            await api.PostToResponseUrlAsync(responseUrl, SlackReplySender.ResponseBody(part, visibility), SlackCallMode.Once, ct);
        return DeliveryResult.Sent(null);
    }

    private async Task<DeliveryResult> EphemeralAsync(string recipient, IReadOnlyList<SlackMessage> parts, CancellationToken ct)
    {
        if (!SlackAnswerAddress.TryReadEphemeral(recipient, out var channel, out var user))
            return DeliveryResult.Permanent("The ephemeral answer does not name a channel and a person.");
        try
        {
            foreach (var part in parts)
                await api.PostEphemeralAsync(channel, user, part, SlackCallMode.Once, ct);
        }
        catch (SlackApiException e) when (e.Error is "channel_not_found" or "not_in_channel" or "is_archived")
        {
            // The bot cannot speak in that channel; the asker still gets the answer, privately.
            foreach (var part in parts)
                await api.PostMessageAsync(user, part, null, SlackCallMode.Once, ct);
        }
        return DeliveryResult.Sent(null);
    }
}
