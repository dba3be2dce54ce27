using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Delivers a direct answer after the acknowledgement, honouring whether it is private or for the channel.</summary>
public sealed class SlackReplySender(SlackApiClient api, BlockKitRenderer renderer, ILogger<SlackReplySender> log)
{
    public Task SendAsync(Reply reply, SlackReplyTarget target, CancellationToken cancellationToken) =>
        SendPartsAsync(reply.Visibility, renderer.Render(reply), target, cancellationToken);

    public async Task SendPartsAsync(ReplyVisibility visibility, IReadOnlyList<SlackMessage> parts, SlackReplyTarget target, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            try
            {
                await SendOneAsync(visibility, part, target, cancellationToken);
            }
            catch (SlackApiException e)
            {
                log.LogWarning("Could not deliver a Slack answer to {User}: {Method} {Error}", target.UserId, e.Method, e.Error);
                return;
            }
        }
    }

    /// <summary>The JSON of a slash-command or response_url answer.</summary>
    public static JsonObject ResponseBody(SlackMessage message, ReplyVisibility visibility)
    {
        var body = message.ToJson();
        body["response_type"] = visibility == ReplyVisibility.Channel ? "in_channel" : "ephemeral";
        body["replace_original"] = false;
        return body;
    }

    private async Task SendOneAsync(ReplyVisibility visibility, SlackMessage part, SlackReplyTarget target, CancellationToken cancellationToken)
    {
        if (target.ResponseUrl is not null)
        {
            await api.PostToResponseUrlAsync(target.ResponseUrl, ResponseBody(part, visibility), cancellationToken);
            return;
        }
        if (target.IsDirectMessage || target.Channel is null)
        {
            await api.PostMessageAsync(target.Channel ?? target.UserId, part, null, SlackCallMode.Retry, cancellationToken);
            return;
        }
        if (visibility == ReplyVisibility.Channel)
        {
            await api.PostMessageAsync(target.Channel, part, target.ThreadTs, SlackCallMode.Retry, cancellationToken);
            return;
        }
        try
        {
            await api.PostEphemeralAsync(target.Channel, target.UserId, part, SlackCallMode.Retry, cancellationToken);
        }
        catch (SlackApiException e) when (e.Error is "channel_not_found" or "not_in_channel" or "is_archived")
        {
            // The bot cannot speak in that channel; the asker still gets the answer, privately.
            await api.PostMessageAsync(target.UserId, part, null, SlackCallMode.Retry, cancellationToken);
        }
    }
}
