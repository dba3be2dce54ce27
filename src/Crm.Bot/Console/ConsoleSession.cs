using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>Who the page acts as and where: a demo user, a platform, and a channel or the private chat.</summary>
public sealed record ConsoleActor(string? User, string? Platform, string? Channel);

/// <summary>
/// Turns what the page sends into the ChatRequest that platform's edge would make: the demo
/// workspace/tenant, the channel's external id, the user's Slack id or Entra object id, and the
/// visibility the platform gives it (a Slack slash command or any private chat is private to the
/// asker; a Teams channel message or a Slack @mention is posted into the channel).
/// </summary>
public sealed record ConsoleSession(DemoUser User, Platform Platform, DemoChannel? Channel)
{
    public const string SlashCommand = "/crm";
    public const string Mention = "@crm";

    public static string WorkspaceOf(Platform platform) =>
        platform == Platform.Slack ? DemoDirectory.SlackWorkspace : DemoDirectory.TeamsTenant;

    public string UserId => Platform == Platform.Slack ? User.SlackUserId : User.TeamsObjectId;

    /// <summary>Resolves the page's choice, or says what was wrong with it.</summary>
    public static ConsoleSession? TryResolve(ConsoleActor actor, out string problem)
    {
        problem = "";
        var user = actor.User is { Length: > 0 } email ? DemoDirectory.FindByEmail(email) : null;
        if (user is null)
        {
            problem = $"Unknown demo user '{actor.User}'. Pick one of: {string.Join(", ", DemoDirectory.Users.Select(u => u.Email))}.";
            return null;
        }
        Platform platform;
        if (string.Equals(actor.Platform, "slack", StringComparison.OrdinalIgnoreCase)) platform = Platform.Slack;
        else if (string.Equals(actor.Platform, "teams", StringComparison.OrdinalIgnoreCase)) platform = Platform.Teams;
        else
        {
            problem = $"Unknown platform '{actor.Platform}'. Use \"slack\" or \"teams\".";
            return null;
        }
        if (string.IsNullOrEmpty(actor.Channel))
            return new ConsoleSession(user, platform, null);
        var channel = DemoDirectory.Channels.FirstOrDefault(c => c.Platform == platform && c.ExternalId == actor.Channel);
        if (channel is null)
        {
            problem = $"Unknown {platform} channel '{actor.Channel}'. Use one of: " +
                      string.Join(", ", DemoDirectory.Channels.Where(c => c.Platform == platform).Select(c => c.ExternalId)) +
                      ", or none for the private chat.";
            return null;
        }
        return new ConsoleSession(user, platform, channel);
    }

    /// <summary>A typed line, as the platform would deliver it (prefix stripped, visibility decided).</summary>
    public ChatRequest Typed(string text)
    {
        var line = text.Trim();
        var mentioned = StripPrefix(ref line, Mention);
        if (!mentioned) StripPrefix(ref line, SlashCommand);
        var visibility = Channel is null ? ReplyVisibility.Private
            : Platform == Platform.Teams || mentioned ? ReplyVisibility.Channel
            : ReplyVisibility.Private;
        return Request(line, visibility, fromButton: false);
    }

    /// <summary>
    /// A click on a button or a submitted form. Like a Slack block action or a Teams universal
    /// action, its direct answer goes to the clicker alone.
    /// </summary>
    public ChatRequest Clicked(string commandLine) => Request(commandLine, ReplyVisibility.Private, fromButton: true);

    private ChatRequest Request(string text, ReplyVisibility visibility, bool fromButton) =>
        new(Platform, WorkspaceOf(Platform), Channel?.ExternalId, UserId, text, $"console:{Guid.NewGuid():N}", visibility)
        {
            ChannelName = Channel?.Name,
            FromButton = fromButton,
        };

    private static bool StripPrefix(ref string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
            (line.Length > prefix.Length && !char.IsWhiteSpace(line[prefix.Length])))
            return false;
        line = line[prefix.Length..].TrimStart();
        return true;
    }
}
