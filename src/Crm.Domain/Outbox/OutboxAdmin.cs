using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Outbox;

/// <summary>
/// What a CRM admin can do with the outbox: list messages that failed for good (and how many wait),
/// and send a failed one again once its cause is fixed. Used by the <c>admin outbox</c> chat verb and
/// the <c>outbox</c> CLI verb; the caller has already checked the admin role.
/// </summary>
public sealed class OutboxAdmin(CrmDbContext db, TimeProvider time, IOutboxSignal? signal = null)
{
    public async Task<IReadOnlyList<OutboxEntry>> ListFailedAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Failed)
            .OrderByDescending(o => o.Id)
            .Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>Messages still waiting to go out (due now or scheduled for a retry).</summary>
    public Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        db.Outbox.CountAsync(o => o.Status == OutboxStatus.Pending, cancellationToken);

    /// <summary>Queues a failed message again. Returns a sentence for the admin saying what happened.</summary>
    public async Task<OutboxRetryResult> RetryAsync(long id, string actor, Platform platform, CancellationToken cancellationToken)
    {
        var message = await db.Outbox.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (message is null)
            return new OutboxRetryResult(false, $"There is no outbox message {id}. `admin outbox` lists the failed ones with their ids.");
        if (message.Status != OutboxStatus.Failed)
            return new OutboxRetryResult(false,
                $"Outbox message {id} is {message.Status.ToString().ToLowerInvariant()}, not failed; only failed messages can be retried.");

        var now = time.GetUtcNow();
        var previousError = message.LastError;
        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = now;
        message.LockedUntil = null;
        message.LockedBy = null;
        db.Audit.Add(new AuditRecord
        {
            At = now, Actor = actor, Platform = platform, Command = $"outbox retry {id}", Action = AuditAction.Admin,
            RecordRef = message.IdempotencyKey, Outcome = AuditOutcome.Allowed, Detail = $"previous error: {previousError}",
        });
        await db.SaveChangesAsync(cancellationToken);
        signal?.Notify();
        return new OutboxRetryResult(true, $"Outbox message {id} ({message.Purpose} to {Target(message)}) is queued again.");
    }

    private static OutboxEntry ToEntry(OutboxMessage o) =>
        new(o.Id, o.IdempotencyKey, o.Purpose, Target(o), o.Status, o.Attempts, o.CreatedAt, o.NextAttemptAt, o.LastError);

    // A reply address (Slack response_url) lets whoever holds it post for a while: it is never shown.
    private static string Target(OutboxMessage o) =>
        $"{o.Platform.ToString().ToLowerInvariant()}:{o.Workspace}:" + o.TargetKind switch
        {
            OutboxTargetKind.User => "user " + o.Recipient,
            OutboxTargetKind.Ephemeral => "only for " + o.Recipient,
            OutboxTargetKind.ReplyUrl => "the reply address of the request",
            _ => o.Recipient,
        };
}
