using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>What a modal remembers between opening and submission (its private_metadata).</summary>
internal sealed record SlackFormState(string Command, ReplyForm Form, string Team, string? Channel, string? ChannelName, string? ResponseUrl, bool DirectMessage);
