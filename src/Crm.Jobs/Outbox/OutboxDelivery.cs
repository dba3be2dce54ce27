using Crm.Domain.Audit;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Outbox;

/// <summary>
/// Sends one claimed message through its platform's transport and records the outcome: sent (with
/// the platform's message id), a retry later (backoff, or the platform's Retry-After), or failed for
/// good (with an audit record). Every write is conditional on this dispatcher still holding the lease.
/// </summary>
public sealed class OutboxDelivery(
    CrmDbContext db,
    IEnumerable<IMessageTransport> transports,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDelivery> log)
{
    /// <summary>Returns when this message's channel may receive the next one, and whether the channel now waits for a retry.</summary>
    /// <param name="notBefore">The channel's pause ends then: everything is prepared first, so the send goes out on time.</param>
    public async Task<DeliveryStep> DeliverAsync(OutboxMessage message, string owner, DateTimeOffset notBefore, CancellationToken ct)
    {
        var o = options.Value;
        var pacing = o.IntervalFor(message.Platform);
        var transport = transports.LastOrDefault(t => t.Platform == message.Platform);
        if (transport is null)
            return await FailAsync(message, owner, $"No transport is configured for {message.Platform}.", time.GetUtcNow(), ct);

        Reply reply;
        try { reply = Reply.FromJson(message.ReplyJson); }
        catch (System.Text.Json.JsonException e)
        {
            return await FailAsync(message, owner, $"The stored reply is not readable: {e.Message}", time.GetUtcNow(), ct);
        }

        // Every delivery, `outbox retry` included, passes here: a channel re-bound since the message was
        // rendered must not receive what its clearance no longer allows.
        var clearance = await OutboxClearanceGate.CheckAsync(db, message, reply, ct);
        if (!clearance.MaySend)
            return await FailAsync(message, owner, clearance.Reason!, time.GetUtcNow(), ct, AuditOutcome.Denied);

        OutboxMessage? replaces = null;
        if (message.ReplacesMessageId is { } replacedId)
        {
            replaces = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(r => r.Id == replacedId, ct);
            // An update must follow the message it updates; wait for it rather than post a second card.
            if (replaces is { Status: OutboxStatus.Pending })
                return await RetryAsync(message, owner, "Waiting for the message it replaces to be sent.", TimeSpan.FromSeconds(2), countAttempt: false, ct);
        }

        var wait = notBefore - time.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, ct);
        DeliveryResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(o.SendTimeout);
            try { result = await transport.SendAsync(message, reply, replaces, timeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = DeliveryResult.Transient($"No answer from {message.Platform} within {o.SendTimeout.TotalSeconds:0} s.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Sending outbox message {Id} failed", message.Id);
                result = DeliveryResult.Transient($"{e.GetType().Name}: {e.Message}");
            }
        }

        // Pacing counts from the platform's answer: the message arrived before it, so the next one
        // arrives a full interval after this one however long the request took on the way.
        var answered = time.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Sent:
                var next = answered + pacing;
                await db.Outbox.Where(r => r.Id == message.Id && r.LockedBy == owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.Status, OutboxStatus.Sent)
                        .SetProperty(r => r.SentAt, time.GetUtcNow())
                        .SetProperty(r => r.ExternalMessageId, result.ExternalMessageId)
                        .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                        .SetProperty(r => r.LastError, (string?)null)
                        // The lease lives on as the channel's pause before its next message.
                        .SetProperty(r => r.LockedUntil, next), ct);
                return new DeliveryStep(next, Retrying: false);
            case DeliveryOutcome.Permanent:
                return await FailAsync(message, owner, result.Error ?? "refused", answered + pacing, ct);
            default:
                var error = result.Error ?? "temporary failure";
                if (message.Attempts + 1 >= o.MaxAttempts)
                    return await FailAsync(message, owner, $"Gave up after {message.Attempts + 1} attempts; last error: {error}", answered + pacing, ct);
                return await RetryAsync(message, owner, error, o.Backoff(message.Attempts + 1, result.RetryAfter), countAttempt: true, ct,
                    result.PartsSent is { } parts ? (parts, result.ExternalMessageId) : null);
        }
    }

    /// <param name="progress">Set when a split message stopped part-way: the retry goes on from the next
    /// part, in the first part's thread (stored in the same update).</param>
    private async Task<DeliveryStep> RetryAsync(OutboxMessage message, string owner, string error, TimeSpan wait, bool countAttempt,
        CancellationToken ct, (int PartsSent, string? FirstExternalId)? progress = null)
    {
        // The whole channel waits with it, so later messages do not overtake it or run into the same limit.
        var at = time.GetUtcNow() + wait;
        var attempts = message.Attempts + (countAttempt ? 1 : 0);
        await db.Outbox.Where(r => r.Id == message.Id && r.LockedBy == owner)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(r => r.Attempts, attempts)
                    .SetProperty(r => r.NextAttemptAt, at)
                    .SetProperty(r => r.LastError, Trim(error))
                    .SetProperty(r => r.LockedUntil, at);
                if (progress is { } p)
                    s.SetProperty(r => r.PartsSent, p.PartsSent).SetProperty(r => r.ExternalMessageId, p.FirstExternalId);
            }, ct);
        return new DeliveryStep(at, Retrying: true);
    }

    private async Task<DeliveryStep> FailAsync(OutboxMessage message, string owner, string error, DateTimeOffset next, CancellationToken ct,
        AuditOutcome outcome = AuditOutcome.Failed)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Outbox.Where(r => r.Id == message.Id && r.LockedBy == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, OutboxStatus.Failed)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.LastError, Trim(error))
                .SetProperty(r => r.LockedUntil, next), ct);
        if (updated == 1)
        {
            db.Audit.Add(new AuditRecord
            {
                // A reply address (Slack response_url) is a credential: the audit names the kind of target, never the address.
                At = now, Actor = "outbox", Platform = message.Platform, Workspace = message.Workspace, Channel = OutboxTarget.AuditName(message),
                Command = $"deliver {message.Purpose} #{message.Id}", Action = AuditAction.Delivery, RecordRef = message.IdempotencyKey,
                Outcome = outcome, Detail = Trim(error),
            });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        log.LogWarning("Outbox message {Id} ({Purpose}) failed for good: {Error}", message.Id, message.Purpose, error);
        return new DeliveryStep(next, Retrying: false);
    }

    private static string Trim(string error) => error.Length <= 1000 ? error : error[..1000];
}
