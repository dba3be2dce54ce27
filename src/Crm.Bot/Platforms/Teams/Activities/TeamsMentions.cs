using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Who the people mentioned in a Teams message are. Teams sends each mention with the person's ids
/// (the visible <c>&lt;at&gt;Name&lt;/at&gt;</c> is only a label anyone's display name can fill): the Entra
/// ID object id when it is there, otherwise the Teams user id (29:…), which is turned into the object
/// id of the person who spoke to the bot with it. The command line then names the person by object id.
/// </summary>
internal static partial class TeamsMentions
{
    /// <summary>Teams user id → Entra ID object id, for the mentions of <paramref name="activity"/> whose person has spoken to the bot.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ObjectIdsAsync(CrmDbContext db, TeamsActivity activity, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var tenant = activity.TenantId;
        if (tenant is null) return result;
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention.Type != "mention" || mention.Mentioned is not { Id: { } teamsId } person || teamsId == activity.Recipient?.Id) continue;
            if (Guid.TryParse(person.AadObjectId, out _) || result.ContainsKey(teamsId) || !SafeId().IsMatch(teamsId)) continue;
            // The stored conversation reference of a person holds the Teams user id they spoke with.
            var needle = $"\"userId\":\"{teamsId}\"";
            var links = await db.UserLinks.AsNoTracking()
                .Where(l => l.Platform == Platform.Teams && l.Workspace == tenant && l.ConversationReference != null && l.ConversationReference.Contains(needle))
                .Select(l => new { l.ExternalUserId, l.ConversationReference })
                .Take(2).ToListAsync(cancellationToken);
            var matching = links.Where(l => TeamsConversationReference.FromJson(l.ConversationReference)?.UserId == teamsId).ToList();
            if (matching.Count == 1 && Guid.TryParse(matching[0].ExternalUserId, out _))
                result[teamsId] = matching[0].ExternalUserId;
        }
        return result;
    }

    /// <summary>The id a mentioned person goes by on the command line: their object id if known, else their Teams user id.</summary>
    public static string? PersonId(TeamsChannelAccount? mentioned, IReadOnlyDictionary<string, string>? objectIds)
    {
        if (mentioned is null) return null;
        if (Guid.TryParse(mentioned.AadObjectId, out var objectId)) return objectId.ToString();
        if (mentioned.Id is { } id && objectIds is not null && objectIds.TryGetValue(id, out var known)) return known;
        return mentioned.Id is { } teamsId && SafeId().IsMatch(teamsId) ? teamsId : null;
    }

    [GeneratedRegex("^[A-Za-z0-9:_.-]{1,200}$")]
    private static partial Regex SafeId();
}
