using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The outbox rows of an answer to a Teams activity: into the conversation it came from (as a reply to
/// it), or, for a private answer to something typed in a channel, to the asker's 1:1 chat with a note in
/// the channel saying so. A channel answer of a read-only command offers each viewer their own view.
/// </summary>
internal sealed class TeamsAnswerRouting(AdaptiveCardRenderer renderer, TeamsConversationRoster roster) : IAnswerRouting
{
    public Platform Platform => Platform.Teams;

    /// <summary>The cards of an answer given in a card action's invoke response (the first) and after it.</summary>
    public IReadOnlyList<AdaptiveCard> InlineCards(TeamsReplyAddress address, Reply reply) => renderer.Render(reply, InlineRefresh(address, reply));

    public IReadOnlyList<AnswerRow> RowsFor(ReplyAddress to, Reply reply, string purpose)
    {
        var address = (TeamsReplyAddress)to;
        // The rest of an invoke answer: only when its cards do not fit in the one the response holds.
        if (purpose == ClaimedOutbox.RestPurpose)
        {
            // Rendered once: the invoke response carries the first card (AnswerTiming keeps it), a row carries the rest.
            var cards = InlineCards(address, reply);
            address.Timing?.KeepRendered(reply, cards);
            if (cards.Count <= 1) return [];
        }
        if (reply.Visibility == ReplyVisibility.Channel && !address.IsPersonal && reply.ViewerRefreshCommand is null &&
            TeamsChatRequests.AllowsViewerRefresh(address.CommandLine))
            reply = reply with { ViewerRefreshCommand = address.CommandLine };

        var personal = address.IsPersonal || address.ChannelId is null;
        // A private answer to something typed in a channel must not be posted there: it goes to the 1:1 chat.
        var privateFromChannel = !personal && reply.Visibility == ReplyVisibility.Private;
        var toUser = personal || privateFromChannel;
        var message = Row(address, $"teams:{purpose}:{address.ActivityId}", reply, purpose);
        message.TargetKind = toUser ? OutboxTargetKind.User : OutboxTargetKind.Channel;
        message.ChannelId = toUser ? null : address.ChannelId;
        message.Recipient = toUser ? address.UserObjectId ?? "" : address.ConversationId ?? "";
        message.ReplyToExternalId = privateFromChannel ? null : address.ActivityId;
        // Answers into the conversation the activity came from go where the activity says; an answer
        // moved to a 1:1 chat from a channel is looked up (that chat may still have to be opened).
        var answer = new AnswerRow(message, reply, toUser && !address.IsPersonal ? null : address.Here);
        // The note is for a whole answer; the rest of one whose first card is already shown needs none.
        if (!privateFromChannel || purpose == ClaimedOutbox.RestPurpose)
            return [answer];
        var noteReply = Reply.Text($"{address.UserName ?? "The answer"}: the answer is only for you, so it was sent to your 1:1 chat with CRM.");
        var note = Row(address, $"teams:answer-note:{address.ActivityId}", noteReply, ClaimedOutbox.AnswerPurpose);
        note.TargetKind = OutboxTargetKind.Channel;
        note.ChannelId = address.ChannelId;
        note.Recipient = address.ConversationId ?? "";
        note.ReplyToExternalId = address.ActivityId;
        return [answer, new AnswerRow(note, noteReply, address.Here)];
    }

    private static OutboxMessage Row(TeamsReplyAddress address, string key, Reply reply, string purpose) => new()
    {
        IdempotencyKey = key,
        Platform = Platform.Teams,
        Workspace = address.Tenant,
        ReplyJson = reply.ToJson(),
        Purpose = purpose,
    };

    /// <summary>A card shown in a channel offers each viewer their own permitted view of a read-only answer.</summary>
    private CardRefresh? InlineRefresh(TeamsReplyAddress address, Reply reply)
    {
        if (address.IsPersonal || (!address.IsRefresh && reply.ViewerRefreshCommand is null && !TeamsChatRequests.AllowsViewerRefresh(address.CommandLine)))
            return null;
        return new CardRefresh(reply.ViewerRefreshCommand ?? address.CommandLine, roster.UsersIn(address.Here.RosterKey));
    }
}
