using System.Collections.Concurrent;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>
/// Resolved principals by (platform, workspace, user id) for a short time, so a busy channel does not
/// ask Slack or Graph on every command. Role changes clear it on this host; other hosts follow within the TTL.
/// </summary>
public sealed class PrincipalCache(TimeProvider clock, IOptions<PipelineOptions> options)
{
    private readonly ConcurrentDictionary<(Platform, string, string), (Principal Principal, DateTimeOffset Until)> _entries = new();

    public bool TryGet(Platform platform, string workspace, string userId, out Principal principal)
    {
        if (_entries.TryGetValue((platform, workspace, userId), out var entry) && entry.Until > clock.GetUtcNow())
        {
            principal = entry.Principal;
            return true;
        }
        principal = null!;
        return false;
    }

    public void Set(Platform platform, string workspace, string userId, Principal principal)
    {
        if (options.Value.IdentityCacheTtl <= TimeSpan.Zero) return;
        _entries[(platform, workspace, userId)] = (principal, clock.GetUtcNow() + options.Value.IdentityCacheTtl);
    }

    public void Clear() => _entries.Clear();
}
