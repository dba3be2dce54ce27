using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Jobs.Telemetry;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>
/// Resolved principals by (platform, workspace, user id) for a short time, so a busy channel does not
/// ask Slack or Graph on every command. Role changes clear it on this host; other hosts follow within the TTL.
/// </summary>
public sealed class PrincipalCache(TimeProvider clock, IOptions<PipelineOptions> options, CrmMetrics metrics)
{
    private readonly ExpiringCache<(Platform, string, string), Principal> _entries = new(clock, () => options.Value.IdentityCacheTtl);

    public bool TryGet(Platform platform, string workspace, string userId, out Principal principal)
    {
        var hit = _entries.TryGet((platform, workspace, userId), out principal);
        metrics.CacheLookup("identity", hit);
        return hit;
    }

    public void Set(Platform platform, string workspace, string userId, Principal principal) =>
        _entries.Set((platform, workspace, userId), principal);

    public void Clear() => _entries.Clear();
}
