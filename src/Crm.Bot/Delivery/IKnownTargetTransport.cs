using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;

namespace Crm.Bot.Delivery;

/// <summary>
/// A transport that can skip looking up where a message goes when the edge already knew it
/// (<see cref="AnswerRow.SendHint"/>: Teams' conversation reference of the activity just answered).
/// Optional: the sender uses it only for a row sent from its fresh copy.
/// </summary>
public interface IKnownTargetTransport : IMessageTransport
{
    /// <param name="db">The sender's context (for marking a conversation unreachable).</param>
    Task<DeliveryResult> SendAsync(CrmDbContext db, OutboxMessage message, Reply reply, OutboxMessage? replaces, object target, CancellationToken cancellationToken);
}
