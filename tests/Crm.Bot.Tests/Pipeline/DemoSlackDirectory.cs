using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Identity;

namespace Crm.Bot.Tests.Pipeline;

/// <summary>A Slack directory that knows the demo users by their Slack ids (what users.info would report).</summary>
public sealed class DemoSlackDirectory : IDirectory
{
    public int Lookups;

    public Platform Platform => Platform.Slack;

    public Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Lookups);
        var user = DemoDirectory.Users.FirstOrDefault(u => u.SlackUserId == userId);
        return Task.FromResult(user is null
            ? DirectoryLookup.NotLinked($"Slack user {userId} has no e-mail in the workspace profile.")
            : DirectoryLookup.Found(user.ToDirectoryUser()));
    }
}
