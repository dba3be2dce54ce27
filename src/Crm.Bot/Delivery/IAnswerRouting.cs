using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Delivery;

/// <summary>
/// One per kind of <see cref="ReplyAddress"/>: turns an address and an answer into the outbox rows that
/// deliver it (the platform's rules: private or in the channel, threads, notes). The rows are not yet
/// in any context; <see cref="AnswerOutbox"/> claims them for this host and adds them to the request's save.
/// </summary>
public interface IAnswerRouting
{
    /// <summary>The <see cref="ReplyAddress.Platform"/> this routing reads.</summary>
    Platform Platform { get; }

    /// <param name="purpose"><see cref="ClaimedOutbox.AnswerPurpose"/>, or <see cref="ClaimedOutbox.RestPurpose"/> when the
    /// first part went back in the HTTP response: then no row when the answer renders into one part.</param>
    IReadOnlyList<AnswerRow> RowsFor(ReplyAddress address, Reply reply, string purpose);
}
