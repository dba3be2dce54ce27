using Crm.Domain.Common;

namespace Crm.Domain.Outbox;

public enum OutboxStatus
{
    Pending,
    Sent,
    /// <summary>Failed for a reason retrying cannot fix; an admin may retry once the cause is fixed.</summary>
    Failed,
}

public enum OutboxTargetKind
{
    /// <summary>A bound or known channel (ChannelId is set).</summary>
    Channel,
    /// <summary>A private message to one person (Recipient is their platform user id).</summary>
    User,
    /// <summary>
    /// A direct answer only its asker sees, inside the channel they asked in (Slack ephemeral);
    /// Recipient names both, as the platform's transport writes it.
    /// </summary>
    Ephemeral,
    /// <summary>A direct answer through the platform's reply address for one request (Slack response_url); Recipient is that address. (At most 10 characters: the column's length.)</summary>
    ReplyUrl,
}

/// <summary>
/// A message the bot decided to send. It is stored in the same transaction as the change that
/// caused it, then delivered by the dispatcher exactly once per idempotency key.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>Unique: a second message with the same key is never stored (e.g. "digest:3:2026-12-01T08:00Z").</summary>
    public string IdempotencyKey { get; set; } = "";
    public Platform Platform { get; set; }
    public string Workspace { get; set; } = "";
    public OutboxTargetKind TargetKind { get; set; }
    public long? ChannelId { get; set; }
    /// <summary>Channel external id or platform user id.</summary>
    public string Recipient { get; set; } = "";
    /// <summary>The neutral Reply as JSON, already redacted for the target's clearance.</summary>
    public string ReplyJson { get; set; } = "";
    /// <summary>What caused it: "follow", "handoff", "share", "digest", "reminder", "handoff-result", …</summary>
    public string Purpose { get; set; } = "";
    /// <summary>When set, this message replaces an earlier one (e.g. a handoff card after Accept).</summary>
    public long? ReplacesMessageId { get; set; }
    /// <summary>The platform's id of the message this one answers (Teams activity id, Slack thread ts), so it lands in that thread.</summary>
    public string? ReplyToExternalId { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A dispatcher's claim on the row until this time, so two hosts never send it both.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The platform's id of the posted message (Slack ts, Teams activity id), for later updates.</summary>
    public string? ExternalMessageId { get; set; }
    /// <summary>
    /// Parts of a split message already delivered (an answer too long for one Slack message or Teams
    /// card): a retry goes on with the next part instead of posting the first ones again.
    /// </summary>
    public int PartsSent { get; set; }
    public string? LastError { get; set; }

    /// <summary>A detached copy with the same values (for a sender that must not share the tracked instance).</summary>
    public OutboxMessage Copy() => (OutboxMessage)MemberwiseClone();
}
