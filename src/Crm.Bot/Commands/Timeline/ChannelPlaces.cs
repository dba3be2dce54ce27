using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Timeline;

/// <summary>Names the channels timeline entries were written in ("#sales"), from their stored references.</summary>
public static class ChannelPlaces
{
    /// <summary>Channel reference ("slack:T0DEMO:C0SALES") → "#sales", for the references given that name a known channel.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> NamesAsync(CrmDbContext db, IEnumerable<string?> channelRefs, CancellationToken ct)
    {
        var refs = channelRefs.OfType<string>().Distinct().ToList();
        if (refs.Count == 0) return new Dictionary<string, string>();
        // A reference is platform:workspace:channel; the channel part may itself hold colons (Teams: 19:…@thread.tacv2).
        var externalIds = refs.Select(r => r.Split(':', 3)).Where(p => p.Length == 3).Select(p => p[2]).Distinct().ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => externalIds.Contains(c.ExternalId)).ToListAsync(ct);
        return channels.Where(c => refs.Contains(c.Ref))
            .ToDictionary(c => c.Ref, c => "#" + (c.Name.Length > 0 ? c.Name : c.ExternalId));
    }
}
