using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Jobs.Outbox;

/// <summary>Stores messages the jobs decided to send, once per idempotency key.</summary>
internal static class OutboxStore
{
    /// <summary>
    /// Saves the pending changes (the outbox rows and whatever caused them) in one transaction.
    /// Returns false, changing nothing, when a message with one of the keys was already stored:
    /// a retried job or a second host got there first.
    /// </summary>
    public static async Task<bool> SaveOnceAsync(CrmDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (await db.Outbox.AnyAsync(o => keys.Contains(o.IdempotencyKey), ct))
        {
            db.ChangeTracker.Clear();
            return false;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique index on the key decided a race between two writers; anything else is a real error.
            if (await KeyExistsAsync(db, keys, ct)) return false;
            throw;
        }
    }

    private static async Task<bool> KeyExistsAsync(CrmDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Outbox.AsNoTracking().AnyAsync(o => keys.Contains(o.IdempotencyKey), ct);
    }

    public static OutboxMessage New(string key, string purpose, Domain.Common.Platform platform, string workspace,
        OutboxTargetKind kind, long? channelId, string recipient, string replyJson, DateTimeOffset now) => new()
    {
        IdempotencyKey = key, Purpose = purpose, Platform = platform, Workspace = workspace, TargetKind = kind,
        ChannelId = channelId, Recipient = recipient, ReplyJson = replyJson, Status = OutboxStatus.Pending,
        CreatedAt = now, NextAttemptAt = now,
    };
}
