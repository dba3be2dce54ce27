using Crm.Domain.Common;

namespace Crm.Domain.Identity;

/// <summary>
/// The seam to whoever knows who a chat user is. Slack asks users.info, Teams asks Microsoft Graph,
/// the console and CLI ask the demo directory. Implementations never throw for expected failures.
/// </summary>
public interface IDirectory
{
    Platform Platform { get; }

    Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken);
}
