namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Where an answer to one Slack request can go: its response_url when it had one, else the channel
/// (ephemeral to the asker, or in the thread when the answer is for the channel), else a DM.
/// </summary>
public sealed record SlackReplyTarget(string UserId, string? Channel, string? ResponseUrl, string? ThreadTs = null, bool IsDirectMessage = false);
