using Crm.Domain.Common;
using Crm.Domain.Identity;

namespace Crm.Bot.Pipeline;

/// <summary>
/// The directory of each configured platform (who a Slack or Teams user id is), for commands that
/// look up someone other than the asker: a mention, the assignee of a task.
/// </summary>
public sealed class PlatformDirectories(IEnumerable<IDirectory> directories)
{
    private readonly IReadOnlyList<IDirectory> _all = directories.ToList();

    /// <summary>The directory of <paramref name="platform"/>; null when that platform is not configured on this host.</summary>
    public IDirectory? For(Platform platform) => _all.FirstOrDefault(d => d.Platform == platform);
}
