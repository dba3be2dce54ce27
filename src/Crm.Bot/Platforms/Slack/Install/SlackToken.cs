namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// The bot token a call into one workspace uses: a stored installation's (<see cref="InstallationId"/>
/// set; <see cref="ExpiresAt"/> when the app rotates tokens) or the configured <c>Slack:BotToken</c>.
/// </summary>
public sealed record SlackToken(string Value, long? InstallationId, DateTimeOffset? ExpiresAt, bool Rotates)
{
    /// <summary>Refreshed this long before it expires, so a call never goes out with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(5);

    public bool IsDue(DateTimeOffset now) => Rotates && ExpiresAt is { } at && at - now <= RefreshAhead;
}
