using Crm.Jobs.Telemetry;
using System.Data.Common;
using Crm.Domain.Audit;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Outbox;

/// <summary>
/// Records the outcome of one send of a claimed outbox row, the same way for the dispatcher and for
/// direct answers: sent; a transient failure retried with <see cref="OutboxOptions.Backoff"/> (a
/// platform's Retry-After also pauses the channel for every host) until
/// <see cref="OutboxOptions.MaxAttempts"/>; failed for good with an audit record. Every write applies
/// only while the row is still claimed by the sender. An outcome the database will not take is
/// written again until it is (the row's claim is renewed meanwhile), so a sent message is not sent twice.
/// </summary>
public sealed class OutboxOutcomeRecorder(
    IOptions<OutboxOptions> options,
    ChannelPacer pacer,
    ClaimHeartbeat heartbeat,
    TimeProvider time,
    CrmMetrics metrics,
    ILogger<OutboxOutcomeRecorder> log)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Records <paramref name="result"/> on <paramref name="claimedRow"/> (a tracked row, which the caller's
    /// context stops tracking, or a detached copy; its values are updated to what is stored). False when the row is no longer claimed by
    /// <paramref name="owner"/> (another sender took it over): nothing is written then.
    /// </summary>
    public Task<bool> RecordAsync(CrmDbContext db, OutboxMessage claimedRow, string owner, DeliveryResult result, CancellationToken ct)
    {
        pacer.Answered(claimedRow);
        var now = time.GetUtcNow();
        var o = options.Value;
        var platform = PlatformTag(claimedRow);
        if (result.RetryAfter is { } retryAfter) metrics.RateLimited(platform, retryAfter);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Sent:
                metrics.Delivered(platform, "sent");
                claimedRow.Status = OutboxStatus.Sent;
                claimedRow.SentAt = now;
                claimedRow.ExternalMessageId = result.ExternalMessageId;
                claimedRow.Attempts++;
                claimedRow.LastError = null;
                // The claim lives on as the channel's pause before its next message, so another host
                // does not post into it sooner than the platform allows.
                claimedRow.LockedBy = owner;
                claimedRow.LockedUntil = PauseAfterSend(claimedRow, now);
                return WriteAsync(db, claimedRow, owner, null, ct);
            case DeliveryOutcome.Permanent:
                metrics.Delivered(platform, "failed");
                return FailAsync(db, claimedRow, owner, result.Error ?? "refused", AuditOutcome.Failed, ct);
            default:
                var error = result.Error ?? "temporary failure";
                metrics.Delivered(platform, claimedRow.Attempts + 1 >= o.MaxAttempts ? "failed" : "retry");
                if (claimedRow.Attempts + 1 >= o.MaxAttempts)
                    return FailAsync(db, claimedRow, owner, $"Gave up after {claimedRow.Attempts + 1} attempts; last error: {error}", AuditOutcome.Failed, ct);
                claimedRow.Attempts++;
                var at = now + o.Backoff(claimedRow.Attempts, result.RetryAfter);
                claimedRow.NextAttemptAt = at;
                claimedRow.LastError = Trim(error);
                // The whole channel waits with it, so later messages do not overtake it or run into the
                // same limit; no one holds the row meanwhile (the heartbeat leaves it alone).
                claimedRow.LockedBy = null;
                claimedRow.LockedUntil = at;
                if (result.PartsSent is { } parts)
                    (claimedRow.PartsSent, claimedRow.ExternalMessageId) = (parts, result.ExternalMessageId);
                return WriteAsync(db, claimedRow, owner, result.RetryAfter, ct);
        }
    }

    /// <summary>The message may not go to its channel (clearance): failed for good, audited as denied.</summary>
    public Task<bool> RefuseAsync(CrmDbContext db, OutboxMessage claimedRow, string owner, string reason, CancellationToken ct)
    {
        metrics.Delivered(PlatformTag(claimedRow), "withheld");
        return FailAsync(db, claimedRow, owner, reason, AuditOutcome.Denied, ct);
    }

    private static string PlatformTag(OutboxMessage row) => CrmTracing.PlatformTag(row.Platform);

    private Task<bool> FailAsync(CrmDbContext db, OutboxMessage row, string owner, string error, AuditOutcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        row.Status = OutboxStatus.Failed;
        row.Attempts++;
        row.LastError = Trim(error);
        row.LockedBy = owner;
        row.LockedUntil = PauseAfterSend(row, now);
        log.LogWarning("Outbox message {Id} ({Purpose}) failed for good: {Error}", row.Id, row.Purpose, error);
        var audit = new AuditRecord
        {
            // A reply address (Slack response_url) is a credential: the audit names the kind of target, never the address.
            At = now, Actor = "outbox", Platform = row.Platform, Workspace = row.Workspace, Channel = OutboxTarget.AuditName(row),
            Command = $"deliver {row.Purpose} #{row.Id}", Action = AuditAction.Delivery, RecordRef = row.IdempotencyKey,
            Outcome = outcome, Detail = Trim(error),
        };
        return WriteAsync(db, row, owner, null, ct, audit);
    }

    /// <summary>Writes the row's outcome (and the pause, the audit record), again and again while the database refuses.</summary>
    private async Task<bool> WriteAsync(CrmDbContext db, OutboxMessage row, string owner, TimeSpan? pause, CancellationToken ct, AuditRecord? audit = null)
    {
        // A row the caller's context tracks is written detached: marking it Unchanged instead would give it its
        // original values back (EF Core does) and the outcome would be lost; detached, no later save of that
        // context writes it again, unconditionally.
        var entry = db.Entry(row);
        if (entry.State != EntityState.Detached) entry.State = EntityState.Detached;
        using var hold = heartbeat.Hold(row);
        var wait = FirstRetry;
        var said = false;
        while (true)
        {
            try
            {
                if (pause is { } p) await pacer.PauseAsync(row, p, ct);
                var written = audit is null ? await WriteOutcomeAsync(db, row, owner, ct) : await WriteFailureAsync(db, row, owner, audit, ct);
                if (said) log.LogInformation("The outcome of outbox message {Id} is recorded", row.Id);
                return written;
            }
            catch (Exception e) when (IsStorageFailure(e) && !ct.IsCancellationRequested)
            {
                if (!said) log.LogWarning(e, "Recording the outcome of outbox message {Id} failed; trying again until the database takes it", row.Id);
                said = true;
            }
            await Task.Delay(wait, time, ct);
            wait = wait * 2 > LongestRetry ? LongestRetry : wait * 2;
        }
    }

    private static async Task<bool> WriteOutcomeAsync(CrmDbContext db, OutboxMessage row, string owner, CancellationToken ct)
    {
        // PostgreSQL: one claim-conditional UPDATE from the sender's copy, shared with concurrent outcomes.
        if (ClaimedRowOutcome.WritesFromCopy(db)) return await ClaimedRowOutcome.SaveAsync(db, row, owner, ct);
        return await Claimed(db, row, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, row.Status)
            .SetProperty(r => r.Attempts, row.Attempts)
            .SetProperty(r => r.NextAttemptAt, row.NextAttemptAt)
            .SetProperty(r => r.LockedUntil, row.LockedUntil)
            .SetProperty(r => r.LockedBy, row.LockedBy)
            .SetProperty(r => r.SentAt, row.SentAt)
            .SetProperty(r => r.ExternalMessageId, row.ExternalMessageId)
            .SetProperty(r => r.PartsSent, row.PartsSent)
            .SetProperty(r => r.LastError, row.LastError), ct) == 1;
    }

    /// <summary>The failure and its audit record in one transaction: both or neither.</summary>
    private static async Task<bool> WriteFailureAsync(CrmDbContext db, OutboxMessage row, string owner, AuditRecord audit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await Claimed(db, row, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, OutboxStatus.Failed)
            .SetProperty(r => r.Attempts, row.Attempts)
            .SetProperty(r => r.LastError, row.LastError)
            .SetProperty(r => r.LockedBy, row.LockedBy)
            .SetProperty(r => r.LockedUntil, row.LockedUntil), ct);
        if (updated == 1)
        {
            db.Audit.Add(audit);
            try { await db.SaveChangesAsync(ct); }
            finally { db.Entry(audit).State = EntityState.Detached; }
        }
        await tx.CommitAsync(ct);
        return updated == 1;
    }

    private static IQueryable<OutboxMessage> Claimed(CrmDbContext db, OutboxMessage row, string owner) =>
        db.Outbox.Where(r => r.Id == row.Id && r.LockedBy == owner && r.Status == OutboxStatus.Pending);

    /// <summary>How long other hosts leave the channel alone after this send (null: not at all).</summary>
    private DateTimeOffset? PauseAfterSend(OutboxMessage row, DateTimeOffset now)
    {
        if (ChannelPacer.KeyOf(row) is null) return null;
        var interval = options.Value.IntervalFor(row.Platform);
        return interval > TimeSpan.Zero ? now + interval : null;
    }

    /// <summary>The database refused or could not be reached (or whether a write landed is unknown): writing again is safe.</summary>
    private static bool IsStorageFailure(Exception e) =>
        e is DbException or DbUpdateException or TimeoutException
        || e.InnerException is DbException or TimeoutException or AggregateException;

    private static string Trim(string error) => error.Length <= 1000 ? error : error[..1000];
}
