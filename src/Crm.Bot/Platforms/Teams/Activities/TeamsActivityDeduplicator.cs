using Crm.Domain.Idempotency;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Teams may deliver an activity again; the database (shared by every host) decides which delivery
/// is the first. The first claims the activity id, a repeat finds the claim and changes nothing.
/// </summary>
internal sealed class TeamsActivityDeduplicator(TimeProvider time)
{
    public static string Key(string activityId) => $"teams:activity:{activityId}";

    /// <summary>True for the first delivery of this activity id.</summary>
    public async Task<bool> TryClaimAsync(CrmDbContext db, string activityId, CancellationToken cancellationToken)
    {
        db.ProcessedRequests.Add(new ProcessedRequest { Key = Key(activityId), At = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

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
