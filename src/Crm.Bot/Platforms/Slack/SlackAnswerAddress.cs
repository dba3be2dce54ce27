using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Where a direct answer goes, written into an outbox row so any host can deliver it later: the
/// request's response_url (with the asker, for when it has expired); the asker alone inside the channel (ephemeral, Recipient "C…/U…", Slack
/// ids hold no slash); the channel, in the thread asked in; or the asker's DM.
/// </summary>
public static class SlackAnswerAddress
{
    /// <param name="directMessage">The answer carries a file (an export) that is uploaded into the asker's DM, wherever they asked.</param>
    public static void Apply(OutboxMessage message, SlackReplyTarget target, ReplyVisibility visibility, bool directMessage = false)
    {
        if (directMessage && target.UserId.Length > 0)
            (message.TargetKind, message.Recipient) = (OutboxTargetKind.User, target.IsDirectMessage && target.Channel is not null ? target.Channel : target.UserId);
        else if (target.ResponseUrl is not null)
            (message.TargetKind, message.Recipient) = (OutboxTargetKind.ReplyUrl, $"{target.UserId} {target.ResponseUrl}");
        else if (target.IsDirectMessage || target.Channel is null)
            (message.TargetKind, message.Recipient) = (OutboxTargetKind.User, target.Channel ?? target.UserId);
        else if (visibility == ReplyVisibility.Channel)
            (message.TargetKind, message.Recipient, message.ReplyToExternalId) = (OutboxTargetKind.Channel, target.Channel, target.ThreadTs);
        else
            (message.TargetKind, message.Recipient) = (OutboxTargetKind.Ephemeral, $"{target.Channel}/{target.UserId}");
    }

    /// <summary>
    /// A reply-address row names the asker before the address ("U… https://…"; neither holds a space),
    /// so an answer whose address has expired can go to the asker's DM instead. Rows stored before
    /// that hold the address alone (<paramref name="user"/> is null then).
    /// </summary>
    public static (string Url, string? User) ReadReplyUrl(string recipient)
    {
        var space = recipient.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? (recipient[(space + 1)..], recipient[..space]) : (recipient, null);
    }

    public static bool TryReadEphemeral(string recipient, out string channel, out string user)
    {
        var slash = recipient.IndexOf('/', StringComparison.Ordinal);
        channel = slash > 0 ? recipient[..slash] : "";
        user = slash > 0 ? recipient[(slash + 1)..] : "";
        return slash > 0 && user.Length > 0;
    }
}
