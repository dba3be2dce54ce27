namespace Crm.Domain.Outbox;

/// <summary>The outcome of an admin's retry, with a sentence that says what happened or why not.</summary>
public sealed record OutboxRetryResult(bool Queued, string Message);
