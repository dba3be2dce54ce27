namespace Crm.Domain.Outbox;

/// <summary>How an outbox row's target may be written down where others read it (audit, logs, exports).</summary>
public static class OutboxTarget
{
    /// <summary>
    /// The channel or person the row goes to; for a reply address (Slack response_url, a bearer
    /// credential while it lives) only the words "reply address", never the address itself.
    /// </summary>
    public static string AuditName(OutboxMessage message) =>
        message.TargetKind == OutboxTargetKind.ReplyUrl ? "reply address" : message.Recipient;
}
