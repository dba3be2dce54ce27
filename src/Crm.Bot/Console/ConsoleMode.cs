using Crm.Domain.Common;

namespace Crm.Bot.TryIt;

/// <summary>
/// Whether the console is served and for which platforms it stands in (answers the directory and
/// takes the deliveries) because the real platform is not configured. The console lets anyone who
/// opens it act as any demo user, so it never runs beside a configured platform: there, asking for
/// it is refused (<see cref="Refusal"/>) and the host does not start.
/// </summary>
public sealed record ConsoleMode(bool Enabled, bool AllowRemote, bool SlackConfigured, bool TeamsConfigured)
{
    /// <summary>Why the host must not start with these settings (the console asked for beside a configured platform), or null.</summary>
    public string? Refusal { get; init; }

    public bool StandsInFor(Platform platform) => Enabled && platform switch
    {
        Platform.Slack => !SlackConfigured,
        Platform.Teams => !TeamsConfigured,
        _ => false,
    };

    public static ConsoleMode From(IConfiguration configuration)
    {
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        var slack = HasAny(configuration, "Slack", "SigningSecret", "BotToken", "ClientId", "ClientSecret", "AppToken");
        var teams = HasAny(configuration, "Teams", "AppId", "ClientSecret", "AppPassword");
        if (options.Enabled == true && (slack || teams))
            return new ConsoleMode(false, options.AllowRemote, slack, teams) { Refusal = RefusalFor(slack, teams) };
        return new ConsoleMode(options.Enabled ?? !(slack || teams), options.AllowRemote, slack, teams);
    }

    private static string RefusalFor(bool slack, bool teams)
    {
        var configured = slack && teams ? "Slack and Teams are" : slack ? "Slack is" : "Teams is";
        var keys = string.Join(", ", new[] { slack ? "Slack:SigningSecret/Slack:BotToken/Slack:ClientId/Slack:AppToken" : null, teams ? "Teams:AppId" : null }.Where(k => k is not null));
        return $"Not starting: Console:Enabled=true, but {configured} configured ({keys} set). The try-it console lets anyone who " +
               "opens it act as any demo user, so it only runs while no platform is configured and never on real data. " +
               "Remove Console:Enabled (or set it to false) to run the bot with the configured platform, or remove the platform's " +
               "settings to try the bot in the console.";
    }

    // A platform counts as configured for production once any of its credentials is set.
    private static bool HasAny(IConfiguration configuration, string section, params string[] keys) =>
        keys.Any(k => !string.IsNullOrWhiteSpace(configuration[$"{section}:{k}"]));
}
