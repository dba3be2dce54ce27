using System.Text.Json;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Idempotency;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Tests.Storage;

/// <summary>The one-round-trip insert path must store exactly what SaveChanges stores, and step aside for anything else.</summary>
public sealed class NewRowsBatchTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static (AuditRecord, ProcessedRequest, OutboxMessage) Rows(string tag) => (
        new AuditRecord
        {
            At = At, Actor = "ava@example.com", Platform = Platform.Slack, Workspace = "T0DEMO", Channel = null, Command = "show C-1001",
            Action = AuditAction.View, RecordRef = "C-1001", CustomerId = null, Outcome = AuditOutcome.Allowed, Detail = tag,
        },
        new ProcessedRequest { Key = $"slack:trigger:{tag}", At = At },
        new OutboxMessage
        {
            IdempotencyKey = $"answer:{tag}", Platform = Platform.Teams, Workspace = "tenant", TargetKind = OutboxTargetKind.Ephemeral,
            Recipient = "C1/U1", ReplyJson = "{}", Purpose = "answer", Status = OutboxStatus.Pending, CreatedAt = At, NextAttemptAt = At,
            LockedBy = "inline:host", LockedUntil = At.AddMinutes(2), PartsSent = 0,
        });

    private static string Comparable(object row, params string[] ignore) =>
        JsonSerializer.Serialize(JsonSerializer.SerializeToNode(row)!.AsObject()
            .Where(p => !ignore.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value?.ToJsonString()));

    [Fact]
    public async Task OnPostgres_StoresWhatSaveChangesStores_AndHandsBackTheGeneratedIds()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var (audit, claim, outbox) = Rows("batch");
        await using (var db = database.CreateContext())
        {
            db.AddRange(audit, claim, outbox);
            Assert.True(await NewRowsBatch.TrySaveAsync(db, CancellationToken.None));
            Assert.True(audit.Id > 0 && outbox.Id > 0);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        }
        var (audit2, claim2, outbox2) = Rows("ef");
        await using (var db = database.CreateContext())
        {
            db.AddRange(audit2, claim2, outbox2);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var audits = await read.Audit.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var outboxes = await read.Outbox.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(Comparable(audits[1], "Id", "Detail"), Comparable(audits[0], "Id", "Detail"));
        Assert.Equal(Comparable(outboxes[1], "Id", "IdempotencyKey"), Comparable(outboxes[0], "Id", "IdempotencyKey"));
        Assert.Equal(2, await read.ProcessedRequests.CountAsync(p => p.At == At));
    }

    [Fact]
    public async Task AnythingButNewRowsOfThoseKinds_IsLeftToSaveChanges()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = database.CreateContext();
        db.Customers.Add(new Customer(2001, "Globex", null, null, null) { CreatedAt = At, UpdatedAt = At });
        db.Audit.Add(Rows("mixed").Item1);

        Assert.False(await NewRowsBatch.TrySaveAsync(db, CancellationToken.None));
        Assert.Equal(0, await database.CreateContext().Audit.CountAsync());
    }

    [Fact]
    public async Task ARepeatedClaim_StoresNoneOfTheBatch()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var first = database.CreateContext())
        {
            first.ProcessedRequests.Add(new ProcessedRequest { Key = "slack:trigger:twice", At = At });
            await first.SaveChangesAsync();
        }

        await using var db = database.CreateContext();
        var (audit, _, outbox) = Rows("twice");
        db.AddRange(audit, new ProcessedRequest { Key = "slack:trigger:twice", At = At }, outbox);
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => NewRowsBatch.TrySaveAsync(db, CancellationToken.None));

        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, refused.SqlState);
        await using var read = database.CreateContext();
        Assert.Equal((0, 0), (await read.Audit.CountAsync(), await read.Outbox.CountAsync()));
    }
}
