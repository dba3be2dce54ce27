using Crm.Bot.Pipeline.Identity;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Jobs.Telemetry;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>
/// Detached copies of known channels (binding and clearance) for read-only commands, so showing a
/// card does not read the channel row every time. Commands that change anything read the channel
/// fresh, and a successful change clears this cache on this host; other hosts follow within
/// <see cref="PipelineOptions.ChannelCacheTtl"/>.
/// </summary>
public sealed class ChannelCache(TimeProvider clock, IOptions<PipelineOptions> options, CrmMetrics metrics)
{
    private readonly ExpiringCache<(Platform, string, string), ChatChannel> _entries = new(clock, () => options.Value.ChannelCacheTtl);

    public bool TryGet(Platform platform, string workspace, string externalId, out ChatChannel channel)
    {
        var hit = _entries.TryGet((platform, workspace, externalId), out channel);
        metrics.CacheLookup("channel", hit);
        return hit;
    }

    public void Set(ChatChannel detachedCopy) =>
        _entries.Set((detachedCopy.Platform, detachedCopy.Workspace, detachedCopy.ExternalId), detachedCopy);

    public void Clear() => _entries.Clear();
}
