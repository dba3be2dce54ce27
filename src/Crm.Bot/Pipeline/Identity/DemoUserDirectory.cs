using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Identity;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>
/// The directory of the console and the CLI: the user id is an e-mail, and the people are the demo
/// users of product.md. Anyone else is not linked, and is not told who is known.
/// </summary>
public sealed class DemoUserDirectory(Platform platform) : IDirectory
{
    public Platform Platform { get; } = platform;

    public Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        var user = DemoDirectory.FindByEmail(userId);
        var lookup = user is not null
            ? DirectoryLookup.Found(user.ToDirectoryUser())
            : DirectoryLookup.NotLinked(
                $"'{userId}' is not a known {Platform.ToString().ToLowerInvariant()} user.");
        return Task.FromResult(lookup);
    }
}
