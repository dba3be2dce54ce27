using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Delivery;

/// <summary>
/// Direct answers (to a Slack command or event, a Teams message) go through the outbox like every
/// other message, so nothing the bot decided to say is lost: the row is stored claimed by this host
/// for a short while and sent at once; if the host stops before the outcome is recorded, the claim
/// runs out and the outbox dispatcher delivers the row like any other.
/// </summary>
public static class ClaimedOutbox
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Purpose of a row holding a whole answer of which only the parts after the first are to be
    /// sent: the first already went back in the platform's HTTP response (a slash command, a Teams
    /// card action). The transport renders the answer as always and leaves the first part out.
    /// </summary>
    public const string RestPurpose = "answer-rest";

    /// <summary>Purpose of a row holding a whole direct answer.</summary>
    public const string AnswerPurpose = "answer";
    public static readonly string HostClaim = $"inline:{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Adds <paramref name="message"/> to <paramref name="db"/>, pending and claimed by this host; the caller saves.</summary>
    public static OutboxMessage Add(CrmDbContext db, OutboxMessage message, DateTimeOffset now)
    {
        message.Status = OutboxStatus.Pending;
        message.CreatedAt = now;
        message.NextAttemptAt = now;
        message.LockedBy = HostClaim;
        message.LockedUntil = now + ClaimFor;
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>True while the row is still this host's to send (not sent, not failed, not taken over by the dispatcher).</summary>
    public static bool IsOurs(OutboxMessage message) => message.Status == OutboxStatus.Pending && message.LockedBy == HostClaim;

    /// <summary>
    /// Records one attempt on the tracked row and releases the claim: sent, failed for good, or left
    /// pending for the dispatcher to retry (after the platform's Retry-After when it gave one).
    /// </summary>
    public static void Record(OutboxMessage message, DeliveryResult result, DateTimeOffset now)
    {
        message.Attempts++;
        message.LockedBy = null;
        message.LockedUntil = null;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Sent:
                message.Status = OutboxStatus.Sent;
                message.SentAt = now;
                message.ExternalMessageId = result.ExternalMessageId;
                message.LastError = null;
                break;
            case DeliveryOutcome.Permanent:
                message.Status = OutboxStatus.Failed;
                message.LastError = result.Error;
                break;
            default:
                message.NextAttemptAt = now + (result.RetryAfter ?? TimeSpan.FromSeconds(5));
                message.LastError = result.Error;
                if (result.PartsSent is { } parts)
                    (message.PartsSent, message.ExternalMessageId) = (parts, result.ExternalMessageId);
                break;
        }
    }

    /// <summary>
    /// <see cref="Record"/>s the attempt and stores it while the row is still claimed by this host (the
    /// row may be a detached copy); false when the claim had run out and the dispatcher took the row
    /// over, so nothing was written (see <see cref="ClaimedRowOutcome"/>).
    /// </summary>
    public static Task<bool> RecordAsync(CrmDbContext db, OutboxMessage message, DeliveryResult result, DateTimeOffset now, CancellationToken ct)
    {
        Record(message, result, now);
        return ClaimedRowOutcome.SaveAsync(db, message, HostClaim, ct);
    }
}
