using Crm.Bot.Delivery;
using Crm.Domain.Common;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Where the answer to one Slack request goes (see <see cref="SlackAnswerRouting"/>).</summary>
/// <param name="Workspace">The team id.</param>
/// <param name="Key">Names the request's answer rows (<c>slack:answer:&lt;Key&gt;</c>): the team and the event or trigger id, so an answer is stored once.</param>
public sealed record SlackReplyAddress(string Workspace, SlackReplyTarget Target, string Key) : ReplyAddress(Platform.Slack)
{
    public static string KeyFor(string team, string deliveryId) => $"{team}:{deliveryId}";
}
