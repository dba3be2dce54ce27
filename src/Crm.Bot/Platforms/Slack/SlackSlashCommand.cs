using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.Extensions.Primitives;

namespace Crm.Bot.Platforms.Slack;

/// <summary>The fields of a slash-command POST the bot uses.</summary>
internal sealed record SlackSlashCommand(string TeamId, string ChannelId, string? ChannelName, string UserId, string Text, string TriggerId, string? ResponseUrl)
{
    public bool InDirectMessage => ChannelName == "directmessage" || ChannelId.StartsWith('D');

    public static SlackSlashCommand? From(IDictionary<string, StringValues> form)
    {
        string? Get(string name) => form.TryGetValue(name, out var v) && !StringValues.IsNullOrEmpty(v) ? v.ToString() : null;
        var team = Get("team_id");
        var user = Get("user_id");
        var channel = Get("channel_id");
        var trigger = Get("trigger_id");
        if (team is null || user is null || channel is null || trigger is null) return null;
        return new SlackSlashCommand(team, channel, Get("channel_name"), user, (Get("text") ?? "").Trim(), trigger, Get("response_url"));
    }

    public ChatRequest ToChatRequest() =>
        new(Platform.Slack, TeamId, InDirectMessage ? null : ChannelId, UserId, Text.Length == 0 ? "help" : Text, TriggerId, ReplyVisibility.Private)
        {
            ChannelName = InDirectMessage ? null : ChannelName,
        };

    public SlackReplyTarget Target => new(UserId, ChannelId, ResponseUrl, IsDirectMessage: InDirectMessage);
}
