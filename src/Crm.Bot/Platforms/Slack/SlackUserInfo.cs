namespace Crm.Bot.Platforms.Slack;

/// <summary>The parts of a users.info answer we read.</summary>
public sealed record SlackUserInfo(string Id, string? Name, bool Deleted, bool IsBot, string? Tz, SlackUserProfile? Profile)
{
    public string? RealName { get; init; }
}
