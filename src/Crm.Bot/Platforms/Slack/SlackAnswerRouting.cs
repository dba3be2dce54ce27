using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// The outbox row of an answer to a Slack request: to its response_url, ephemeral to the asker, into the
/// channel's thread or to the asker's DM (<see cref="SlackAnswerAddress"/>). The rest of an answer whose
/// first part went back in the HTTP response is a row of its own only when Block Kit splits it.
/// </summary>
public sealed class SlackAnswerRouting(BlockKitRenderer renderer) : IAnswerRouting
{
    public Platform Platform => Platform.Slack;

    public IReadOnlyList<AnswerRow> RowsFor(ReplyAddress address, Reply reply, string purpose)
    {
        var slack = (SlackReplyAddress)address;
        if (purpose == ClaimedOutbox.RestPurpose)
        {
            // Rendered once: the edge answers with the first part (AnswerTiming keeps it), a row carries the rest.
            var parts = renderer.Render(reply);
            slack.Timing?.KeepRendered(reply, parts);
            if (parts.Count <= 1) return [];
        }
        var message = new OutboxMessage
        {
            IdempotencyKey = $"slack:{purpose}:{slack.Key}",
            Platform = Platform.Slack,
            Workspace = slack.Workspace,
            ReplyJson = reply.ToJson(),
            Purpose = purpose,
        };
        SlackAnswerAddress.Apply(message, slack.Target, reply.Visibility, directMessage: reply.HasExports);
        return [new AnswerRow(message, reply)];
    }
}
