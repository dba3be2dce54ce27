using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Identity;

namespace Crm.Bot.TryIt;

/// <summary>
/// Stands in for Slack's users.info or Microsoft Graph while that platform is not configured: the
/// demo users of the demo workspace/tenant, by their Slack user id or Entra object id.
/// </summary>
internal sealed class ConsoleDirectory(Platform platform) : IDirectory
{
    public Platform Platform => platform;

    public Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        if (!string.Equals(workspace, ConsoleSession.WorkspaceOf(platform), StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(DirectoryLookup.NotLinked(
                $"{platform} is not configured; only the demo {(platform == Platform.Slack ? "workspace" : "tenant")} {ConsoleSession.WorkspaceOf(platform)} is known."));
        var user = DemoDirectory.Users.FirstOrDefault(u => string.Equals(platform == Platform.Slack ? u.SlackUserId : u.TeamsObjectId, userId, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(user is null
            ? DirectoryLookup.NotLinked($"User {userId} is not one of the demo users.")
            : DirectoryLookup.Found(user.ToDirectoryUser()));
    }
}
