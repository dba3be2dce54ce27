using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Domain.Outbox;

public enum DeliveryOutcome
{
    Sent,
    /// <summary>Try again later (rate limit, 5xx, timeout); honour <see cref="DeliveryResult.RetryAfter"/> when given.</summary>
    Transient,
    /// <summary>Retrying cannot fix it (channel gone, bot removed, bad auth): record and stop.</summary>
    Permanent,
}

/// <param name="PartsSent">Set when a split message stopped part-way: how many of its parts are delivered by now.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? ExternalMessageId = null, string? Error = null, TimeSpan? RetryAfter = null,
    int? PartsSent = null)
{
    public static DeliveryResult Sent(string? externalId) => new(DeliveryOutcome.Sent, externalId);
    public static DeliveryResult Transient(string error, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Transient, null, error, retryAfter);
    public static DeliveryResult Permanent(string error) => new(DeliveryOutcome.Permanent, null, error);

    /// <summary>Stopped by a failure retrying may fix after <paramref name="partsSent"/> parts; the first part's id is kept for the rest.</summary>
    public static DeliveryResult PartlySent(int partsSent, string? firstExternalId, string error, TimeSpan? retryAfter = null) =>
        new(DeliveryOutcome.Transient, firstExternalId, error, retryAfter, partsSent);
}

/// <summary>
/// Delivers one stored outbox message on one platform (Slack Web API, Teams connector, the console
/// timeline). The dispatcher owns retries, pacing and bookkeeping; a transport only sends once.
/// </summary>
public interface IMessageTransport
{
    Platform Platform { get; }

    /// <param name="replaces">The earlier message this one replaces (its ExternalMessageId), if any.</param>
    Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken);
}
