using Crm.Domain.Access;
using Crm.Domain.Channels;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;

namespace Crm.Bot.Pipeline.Notifications;

/// <summary>
/// Stores messages the bot decided to send in the current unit of work, so they commit (or vanish)
/// together with the change that caused them. Delivery is the dispatcher's job.
/// </summary>
public static class OutboxWriter
{
    public static OutboxMessage ToChannel(CrmDbContext db, ChatChannel channel, Reply reply, string purpose, string key, DateTimeOffset now,
        long? replaces = null) =>
        Add(db, new OutboxMessage
        {
            IdempotencyKey = key,
            Platform = channel.Platform,
            Workspace = channel.Workspace,
            TargetKind = OutboxTargetKind.Channel,
            ChannelId = channel.Id,
            Recipient = channel.ExternalId,
            // The channel's clearance now is an upper bound of what the reply shows; it is checked again when the message leaves.
            ReplyJson = (reply with
            {
                Visibility = ReplyVisibility.Channel,
                RenderedClearance = reply.RenderedClearance ?? Audience.ChannelClearance(channel.Department),
            }).ToJson(),
            Purpose = purpose,
            ReplacesMessageId = replaces,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });

    public static OutboxMessage ToUser(CrmDbContext db, ChatUserLink person, Reply reply, string purpose, string key, DateTimeOffset now) =>
        Add(db, new OutboxMessage
        {
            IdempotencyKey = key,
            Platform = person.Platform,
            Workspace = person.Workspace,
            TargetKind = OutboxTargetKind.User,
            Recipient = person.ExternalUserId,
            ReplyJson = (reply with { Visibility = ReplyVisibility.Private }).ToJson(),
            Purpose = purpose,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });

    private static OutboxMessage Add(CrmDbContext db, OutboxMessage message)
    {
        db.Outbox.Add(message);
        return message;
    }
}
