using Crm.Domain.Common;

namespace Crm.Bot.TryIt;

/// <summary>
/// Whether the console is served and for which platforms it stands in (answers the directory and
/// takes the deliveries) because the real platform is not configured.
/// </summary>
public sealed record ConsoleMode(bool Enabled, bool AllowRemote, bool SlackConfigured, bool TeamsConfigured)
{
    public bool StandsInFor(Platform platform) => Enabled && platform switch
    {
        Platform.Slack => !SlackConfigured,
        Platform.Teams => !TeamsConfigured,
        _ => false,
    };

    public static ConsoleMode From(IConfiguration configuration)
    {
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        var slack = HasAny(configuration, "Slack", "SigningSecret", "BotToken");
        var teams = HasAny(configuration, "Teams", "AppId", "ClientSecret", "AppPassword");
        return new ConsoleMode(options.Enabled ?? !(slack || teams), options.AllowRemote, slack, teams);
    }

    // A platform counts as configured for production once any of its credentials is set.
    private static bool HasAny(IConfiguration configuration, string section, params string[] keys) =>
        keys.Any(k => !string.IsNullOrWhiteSpace(configuration[$"{section}:{k}"]));
}
