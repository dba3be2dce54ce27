using System.Text.Json.Nodes;
using Crm.Bot.Delivery;
using Crm.Bot.Files;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Sends one outbox message to Slack: chat.postMessage into a channel (in a thread when it answers
/// one) or into the DM with a user, chat.update when it replaces an earlier message, and direct
/// answers through the request's response_url or chat.postEphemeral. A DM that carries exports is followed
/// by each file, uploaded into the same DM. One attempt; the dispatcher owns retries.
/// </summary>
public sealed class SlackMessageTransport(SlackApiClient api, BlockKitRenderer renderer, ILogger<SlackMessageTransport> log, TimeProvider? time = null,
    StoredFileReader? files = null)
    : IMessageTransport
{
    /// <summary>Slack accepts answers at a response_url for 30 minutes (and 5 uses); after that the asker's DM gets them.</summary>
    public static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);

    public Platform Platform => Platform.Slack;

    /// <summary>The JSON of a slash-command or response_url answer.</summary>
    public static JsonObject ResponseBody(SlackMessage message, ReplyVisibility visibility)
    {
        var body = message.ToJson();
        body["response_type"] = visibility == ReplyVisibility.Channel ? "in_channel" : "ephemeral";
        body["replace_original"] = false;
        return body;
    }

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Recipient))
            return DeliveryResult.Permanent("The message has no Slack channel or user to go to.");
        IReadOnlyList<SlackMessage> parts = renderer.Render(reply);
        if (message.Purpose == ClaimedOutbox.RestPurpose) parts = parts.Skip(1).ToList();
        // Exports go to the asker's DM only (SlackAnswerAddress), each uploaded after the message, as one more part.
        var uploads = message.TargetKind == OutboxTargetKind.User ? reply.Files?.Where(f => f.Kind == ReplyFileKind.Export).ToList() ?? [] : [];
        // A retry of a split message goes on after the parts an earlier attempt delivered.
        var progress = new Progress(message.PartsSent, message.ExternalMessageId);
        if (progress.Sent >= parts.Count + uploads.Count) return DeliveryResult.Sent(progress.FirstId);
        try
        {
            return message.TargetKind switch
            {
                OutboxTargetKind.ReplyUrl => await ToResponseUrlAsync(message, parts, reply.Visibility, progress, cancellationToken),
                OutboxTargetKind.Ephemeral => await EphemeralAsync(message.Workspace, message.Recipient, parts, progress, cancellationToken),
                _ => uploads.Count == 0
                    ? await PostAsync(message, parts, replaces, progress, cancellationToken)
                    : await PostAndUploadAsync(message, parts, uploads, progress, cancellationToken),
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
            return DeliveryResult.PartlySent(progress.Sent, progress.FirstId, $"Slack {e.Method}: {e.Error}", e.RetryAfter);
        }
    }

    /// <summary>How far a split message got: parts delivered and the first part's "channel/ts".</summary>
    private sealed class Progress(int sent, string? firstId)
    {
        public int Sent { get; set; } = sent;
        public string? FirstId { get; set; } = firstId;
    }

    private async Task<DeliveryResult> PostAsync(OutboxMessage message, IReadOnlyList<SlackMessage> parts, OutboxMessage? replaces, Progress progress, CancellationToken ct)
    {
        if (progress.Sent == 0)
        {
            var first = replaces is not null && SlackPosted.TryParse(replaces.ExternalMessageId, out var channel, out var ts)
                ? await api.UpdateAsync(message.Workspace, channel, ts, parts[0], SlackCallMode.Once, ct)
                : await api.PostMessageAsync(message.Workspace, message.Recipient, parts[0], message.ReplyToExternalId, SlackCallMode.Once, ct);
            (progress.Sent, progress.FirstId) = (1, first.ExternalId);
        }
        // Parts beyond the first follow in the first one's thread (or the thread it answered), so the channel sees one message.
        var (restChannel, restThread) = SlackPosted.TryParse(progress.FirstId, out var firstChannel, out var firstTs)
            ? (firstChannel, message.ReplyToExternalId ?? firstTs)
            : (message.Recipient, message.ReplyToExternalId);
        for (; progress.Sent < parts.Count; progress.Sent++)
            await api.PostMessageAsync(message.Workspace, restChannel, parts[progress.Sent], restThread, SlackCallMode.Once, ct);
        return DeliveryResult.Sent(progress.FirstId);
    }

    /// <summary>The message, then each export into the DM it landed in, each counted as a part after the message's own.</summary>
    private async Task<DeliveryResult> PostAndUploadAsync(OutboxMessage message, IReadOnlyList<SlackMessage> parts, IReadOnlyList<ReplyFile> uploads,
        Progress progress, CancellationToken ct)
    {
        var messageParts = parts.Count;
        if (progress.Sent < messageParts) await PostAsync(message, parts, replaces: null, progress, ct);
        var channel = SlackPosted.TryParse(progress.FirstId, out var dm, out _) ? dm : message.Recipient;
        for (; progress.Sent < messageParts + uploads.Count; progress.Sent++)
        {
            var file = uploads[progress.Sent - messageParts];
            var content = files is null ? file.Content : await files.ReadAsync(file, ct);
            if (content is null)
                return DeliveryResult.Permanent($"The file {file.Name} is no longer stored.");
            await api.UploadFileAsync(message.Workspace, channel, file.Name, content, comment: null, ct);
        }
        return DeliveryResult.Sent(progress.FirstId);
    }

    private async Task<DeliveryResult> ToResponseUrlAsync(OutboxMessage message, IReadOnlyList<SlackMessage> parts, ReplyVisibility visibility, Progress progress,
        CancellationToken ct)
    {
        var (responseUrl, user) = SlackAnswerAddress.ReadReplyUrl(message.Recipient);
        // A row never stored has no age; every stored row has its creation time.
        var expired = message.CreatedAt != default && (time ?? TimeProvider.System).GetUtcNow() - message.CreatedAt >= ResponseUrlLifetime;
        if (!expired)
        {
            try
            {
                for (; progress.Sent < parts.Count; progress.Sent++)
                    await api.PostToResponseUrlAsync(responseUrl, ResponseBody(parts[progress.Sent], visibility), SlackCallMode.Once, ct);
                return DeliveryResult.Sent(null);
            }
            catch (SlackApiException e) when (e.Error is "http_404" or "http_410" or "expired_url" or "used_url" or "invalid_url") { }
        }
        // The address is spent: the asker still gets the (rest of the) answer, privately.
        if (user is null)
            return DeliveryResult.Permanent("The reply address has expired and the row does not name the asker.");
        for (; progress.Sent < parts.Count; progress.Sent++)
            await api.PostMessageAsync(message.Workspace, user, parts[progress.Sent], null, SlackCallMode.Once, ct);
        return DeliveryResult.Sent(null);
    }

    private async Task<DeliveryResult> EphemeralAsync(string team, string recipient, IReadOnlyList<SlackMessage> parts, Progress progress, CancellationToken ct)
    {
        if (!SlackAnswerAddress.TryReadEphemeral(recipient, out var channel, out var user))
            return DeliveryResult.Permanent("The ephemeral answer does not name a channel and a person.");
        try
        {
            for (; progress.Sent < parts.Count; progress.Sent++)
                await api.PostEphemeralAsync(team, channel, user, parts[progress.Sent], SlackCallMode.Once, ct);
        }
        catch (SlackApiException e) when (e.Error is "channel_not_found" or "not_in_channel" or "is_archived")
        {
            // The bot cannot speak in that channel; the asker still gets the (rest of the) answer, privately.
            for (; progress.Sent < parts.Count; progress.Sent++)
                await api.PostMessageAsync(team, user, parts[progress.Sent], null, SlackCallMode.Once, ct);
        }
        return DeliveryResult.Sent(null);
    }
}
