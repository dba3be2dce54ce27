using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Jobs.Outbox;

/// <summary>
/// Claims due outbox messages for one dispatcher: at most one per channel, none for a channel that
/// is claimed or still pacing (a claim in LockedUntil covers the send and the pause after it) or that
/// a platform paused (<c>channel_pauses</c>, see <see cref="ChannelPacer"/>), oldest first. On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED so concurrent hosts pass each
/// other by; elsewhere each row is taken with a conditional update. Either way a row is claimed by one
/// dispatcher only.
/// </summary>
internal static class OutboxClaimer
{
    public static async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(CrmDbContext db, string owner, int limit, DateTimeOffset now,
        TimeSpan claimFor, CancellationToken ct)
    {
        var until = now + claimFor;
        return db.IsPostgres
            ? await ClaimOnPostgresAsync(db, owner, limit, now, until, ct)
            : await ClaimPortablyAsync(db, owner, limit, now, until, ct);
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ClaimOnPostgresAsync(CrmDbContext db, string owner, int limit,
        DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        // The row's own status and lease are repeated outside the subqueries: PostgreSQL re-checks
        // those against the newest row version when another host committed a claim meanwhile.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The status is written into the statement, not passed as a parameter: only then can PostgreSQL
        // see that the partial index of unsent rows covers the query, whatever plan it keeps.
        var rows = await db.Outbox.FromSql($"""
            SELECT o.* FROM outbox o
            WHERE o."Status" = 'Pending' AND (o."LockedUntil" IS NULL OR o."LockedUntil" <= {now})
              AND o."Id" IN (
                SELECT DISTINCT ON (p."Platform", p."Workspace", p."Recipient") p."Id"
                FROM outbox p
                WHERE p."Status" = 'Pending' AND p."NextAttemptAt" <= {now}
                ORDER BY p."Platform", p."Workspace", p."Recipient", p."Id")
              AND NOT EXISTS (
                SELECT 1 FROM outbox b
                WHERE b."LockedUntil" > {now}
                  AND b."Platform" = o."Platform" AND b."Workspace" = o."Workspace" AND b."Recipient" = o."Recipient")
              AND NOT EXISTS (
                SELECT 1 FROM channel_pauses c
                WHERE c."PausedUntil" > {now}
                  AND c."Platform" = o."Platform" AND c."Workspace" = o."Workspace"
                  -- the pacer's key: a Teams thread pauses with its channel, a Slack ephemeral answer with its channel
                  AND (c."Recipient" = o."Recipient" OR starts_with(o."Recipient", c."Recipient" || ';messageid=')
                       OR (o."TargetKind" = 'Ephemeral' AND starts_with(o."Recipient", c."Recipient" || '/'))))
            ORDER BY o."NextAttemptAt", o."Id"
            LIMIT {limit}
            FOR UPDATE OF o SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var row in rows)
        {
            row.LockedBy = owner;
            row.LockedUntil = until;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return rows;
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ClaimPortablyAsync(CrmDbContext db, string owner, int limit,
        DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var busy = (await db.Outbox.AsNoTracking()
                .Where(o => o.LockedUntil != null && o.LockedUntil > now)
                .Select(o => new { o.Platform, o.Workspace, o.Recipient })
                .ToListAsync(ct))
            .Select(c => (c.Platform, c.Workspace, c.Recipient))
            .ToHashSet();
        var paused = (await db.ChannelPauses.AsNoTracking().Where(p => p.PausedUntil > now).ToListAsync(ct))
            .Select(p => new ChannelPacer.ChannelKey(p.Platform, p.Workspace, p.Recipient))
            .ToHashSet();
        var due = await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
            .OrderBy(o => o.Id)
            .Take(limit * 10)
            .Select(o => new { o.Id, o.Platform, o.Workspace, o.Recipient, o.TargetKind })
            .ToListAsync(ct);

        var claimed = new List<long>();
        var seen = new HashSet<(Domain.Common.Platform, string, string)>();
        foreach (var candidate in due)
        {
            var channel = (candidate.Platform, candidate.Workspace, candidate.Recipient);
            if (busy.Contains(channel) || !seen.Add(channel)) continue;
            var key = ChannelPacer.KeyOf(new OutboxMessage
                { Platform = candidate.Platform, Workspace = candidate.Workspace, Recipient = candidate.Recipient, TargetKind = candidate.TargetKind });
            if (key is not null && paused.Contains(key)) continue;
            var taken = await db.Outbox
                .Where(o => o.Id == candidate.Id && o.Status == OutboxStatus.Pending && (o.LockedUntil == null || o.LockedUntil <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedBy, owner).SetProperty(o => o.LockedUntil, until), ct);
            if (taken == 1) claimed.Add(candidate.Id);
            if (claimed.Count >= limit) break;
        }
        return await db.Outbox.AsNoTracking().Where(o => claimed.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Claims the next due message of the same channel for the dispatcher already holding it, so a
    /// channel's queue drains at its paced rate without waiting for the next general claim.
    /// </summary>
    public static async Task<OutboxMessage?> ClaimNextInChannelAsync(CrmDbContext db, OutboxMessage previous, string owner,
        DateTimeOffset now, TimeSpan claimFor, CancellationToken ct)
    {
        var until = now + claimFor;
        if (db.IsPostgres)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var platform = previous.Platform.ToString();
            var row = (await db.Outbox.FromSql($"""
                SELECT o.* FROM outbox o
                WHERE o."Status" = 'Pending' AND o."NextAttemptAt" <= {now} AND (o."LockedUntil" IS NULL OR o."LockedUntil" <= {now})
                  AND o."Platform" = {platform} AND o."Workspace" = {previous.Workspace} AND o."Recipient" = {previous.Recipient}
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox b
                    WHERE b."LockedUntil" > {now} AND b."LockedBy" <> {owner}
                      AND b."Platform" = o."Platform" AND b."Workspace" = o."Workspace" AND b."Recipient" = o."Recipient")
                ORDER BY o."Id"
                LIMIT 1
                FOR UPDATE OF o SKIP LOCKED
                """).ToListAsync(ct)).FirstOrDefault();
            if (row is not null)
            {
                row.LockedBy = owner;
                row.LockedUntil = until;
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return row;
        }

        var others = await db.Outbox.AnyAsync(o => o.LockedUntil != null && o.LockedUntil > now && o.LockedBy != owner &&
            o.Platform == previous.Platform && o.Workspace == previous.Workspace && o.Recipient == previous.Recipient, ct);
        if (others) return null;
        var next = await db.Outbox.AsNoTracking()
            .Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now &&
                        o.Platform == previous.Platform && o.Workspace == previous.Workspace && o.Recipient == previous.Recipient)
            .OrderBy(o => o.Id).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        if (next is not { } id) return null;
        var taken = await db.Outbox
            .Where(o => o.Id == id && o.Status == OutboxStatus.Pending && (o.LockedUntil == null || o.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedBy, owner).SetProperty(o => o.LockedUntil, until), ct);
        return taken == 1 ? await db.Outbox.AsNoTracking().FirstAsync(o => o.Id == id, ct) : null;
    }
}
