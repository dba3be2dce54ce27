using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;

namespace Crm.Bot.Delivery;

/// <summary>
/// Direct answers (to a Slack command or event, a Teams message) go through the outbox like every
/// other message, so nothing the bot decided to say is lost: the row is stored claimed by this host
/// (<see cref="OutboxClaims"/>) and sent at once; if the host stops before the outcome is recorded, the
/// claim runs out and the outbox dispatcher delivers the row like any other. The outcome is recorded
/// (by <see cref="AnswerSender"/>) with the dispatcher's own <see cref="OutboxOutcomeRecorder"/>: same
/// backoff, attempt limit and audit.
/// </summary>
public static class ClaimedOutbox
{
    /// <summary>
    /// Purpose of a row holding a whole answer of which only the parts after the first are to be
    /// sent: the first already went back in the platform's HTTP response (a slash command, a Teams
    /// card action). The transport renders the answer as always and leaves the first part out.
    /// </summary>
    public const string RestPurpose = "answer-rest";

    /// <summary>Purpose of a row holding a whole direct answer.</summary>
    public const string AnswerPurpose = "answer";

    /// <summary>Adds <paramref name="message"/> to <paramref name="db"/>, pending and claimed by this host; the caller saves.</summary>
    public static OutboxMessage Add(CrmDbContext db, OutboxMessage message, DateTimeOffset now, OutboxClaims claims)
    {
        message.Status = OutboxStatus.Pending;
        message.CreatedAt = now;
        message.NextAttemptAt = now;
        message.LockedBy = claims.Owner;
        message.LockedUntil = now + claims.ClaimFor;
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>True while the row is still this host's to send (not sent, not failed, not taken over by the dispatcher).</summary>
    public static bool IsOurs(OutboxMessage message, OutboxClaims claims) => message.Status == OutboxStatus.Pending && message.LockedBy == claims.Owner;
}
