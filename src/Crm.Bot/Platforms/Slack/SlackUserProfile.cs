namespace Crm.Bot.Platforms.Slack;

/// <summary>users.info's profile: the e-mail is there only with users:read.email and when the workspace shows it.</summary>
public sealed record SlackUserProfile(string? Email, string? RealName, string? DisplayName, string? Title);
