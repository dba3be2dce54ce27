namespace Crm.Domain.Outbox;

/// <summary>One outbox message as an admin sees it (<c>admin outbox</c>, <c>outbox list</c>).</summary>
public sealed record OutboxEntry(
    long Id,
    string IdempotencyKey,
    string Purpose,
    string Target,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    string? LastError);
