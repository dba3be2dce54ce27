using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Teams may deliver an activity again; the database (shared by every host) decides which delivery
/// is the first. The activity id is claimed through <see cref="Pipeline.DeliveryClaims"/> under
/// <see cref="Key"/>; a card action's answer is kept on that claim, so a repeat gets the same card.
/// </summary>
internal sealed class TeamsActivityDeduplicator
{
    public static string Key(string activityId) => $"teams:activity:{activityId}";

    /// <summary>Keeps the answer, so a repeated card action gets the same card back.</summary>
    public async Task RecordAsync(CrmDbContext db, string activityId, Reply reply, CancellationToken cancellationToken)
    {
        var key = Key(activityId);
        var row = await db.ProcessedRequests.FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (row is null) return;
        row.ResultJson = reply.ToJson();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Reply?> FindAnswerAsync(CrmDbContext db, string activityId, CancellationToken cancellationToken)
    {
        var key = Key(activityId);
        var json = await db.ProcessedRequests.Where(p => p.Key == key).Select(p => p.ResultJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : Reply.FromJson(json);
    }
}
