using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Tests.Storage;

/// <summary>A sender's outcome, written from its copy, lands only while the row is still claimed by that sender.</summary>
public sealed class ClaimedRowOutcomeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private const string Claim = "inline:host-a:42";

    private static async Task<OutboxMessage> StoreClaimedAsync(PostgresDatabase database, string lockedBy, string key = "teams:answer:1")
    {
        var message = new OutboxMessage
        {
            IdempotencyKey = key, Platform = Platform.Teams, Workspace = "tenant", TargetKind = OutboxTargetKind.User,
            Recipient = "aad-1", ReplyJson = """{"fallbackText":"hello"}""", Purpose = "answer", Status = OutboxStatus.Pending,
            CreatedAt = At, NextAttemptAt = At, LockedBy = lockedBy, LockedUntil = At.AddMinutes(2),
        };
        await using var db = database.CreateContext();
        db.Outbox.Add(message);
        await db.SaveChangesAsync();
        return message.Copy();
    }

    private static void RecordSent(OutboxMessage copy)
    {
        copy.Attempts = 1;
        copy.Status = OutboxStatus.Sent;
        copy.SentAt = At.AddSeconds(1);
        copy.ExternalMessageId = "activity-9";
        copy.LockedBy = null;
        copy.LockedUntil = null;
        // Content is never part of an outcome: a changed copy must not overwrite the stored message.
        copy.ReplyJson = "{}";
    }

    [Fact]
    public async Task WhileTheClaimHolds_TheOutcomeIsStored_AndTheMessageLeftAsItWas()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var copy = await StoreClaimedAsync(database, Claim);
        RecordSent(copy);

        await using (var db = database.CreateContext())
            Assert.True(await ClaimedRowOutcome.SaveAsync(db, copy, Claim));

        await using var read = database.CreateContext();
        var stored = await read.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((OutboxStatus.Sent, 1, "activity-9", (string?)null, (DateTimeOffset?)null), (stored.Status, stored.Attempts, stored.ExternalMessageId, stored.LockedBy, stored.LockedUntil));
        Assert.Equal(At.AddSeconds(1), stored.SentAt);
        Assert.Equal("""{"fallbackText":"hello"}""", stored.ReplyJson);
    }

    [Fact]
    public async Task WhenAnotherSenderTookTheRowOver_NothingIsWritten()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var copy = await StoreClaimedAsync(database, "dispatcher:host-b");
        RecordSent(copy);

        await using (var db = database.CreateContext())
            Assert.False(await ClaimedRowOutcome.SaveAsync(db, copy, Claim));

        await using var read = database.CreateContext();
        var stored = await read.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((OutboxStatus.Pending, 0, "dispatcher:host-b"), (stored.Status, stored.Attempts, stored.LockedBy));
    }

    [Fact]
    public async Task OutcomesRecordedTogether_GoAsOneUpdate_AndOnlyRowsStillClaimedChange()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var ours = new[] { await StoreClaimedAsync(database, Claim, "teams:answer:1"), await StoreClaimedAsync(database, Claim, "teams:answer:3") };
        var takenOver = await StoreClaimedAsync(database, "dispatcher:host-b", "teams:answer:2");
        foreach (var copy in ours.Append(takenOver)) RecordSent(copy);

        await using var holder = await NewRowsBatchTests.HoldEveryRoundTripAsync(database, new NewRowsBatchTests.SharedSaves(database));
        var contexts = Enumerable.Range(0, 3).Select(_ => database.CreateContext()).ToArray();
        var saves = new[] { ours[0], takenOver, ours[1] }.Select((copy, i) => ClaimedRowOutcome.SaveAsync(contexts[i], copy, Claim)).ToArray();
        await holder.ReleaseAsync();

        Assert.Equal(new[] { true, false, true }, await Task.WhenAll(saves));
        await using var read = database.CreateContext();
        var stored = await read.Outbox.AsNoTracking().Where(o => o.IdempotencyKey.StartsWith("teams:")).OrderBy(o => o.IdempotencyKey).ToListAsync();
        Assert.Equal(new[] { OutboxStatus.Sent, OutboxStatus.Pending, OutboxStatus.Sent }, stored.Select(o => o.Status));
        Assert.Equal(new[] { "activity-9", null, "activity-9" }, stored.Select(o => o.ExternalMessageId));
        Assert.All(stored, o => Assert.Equal("""{"fallbackText":"hello"}""", o.ReplyJson));
        foreach (var db in contexts) await db.DisposeAsync();
    }
}
