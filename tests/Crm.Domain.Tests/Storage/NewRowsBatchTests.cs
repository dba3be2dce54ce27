using System.Text.Json;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Idempotency;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Crm.Domain.Storage.Sharing;
using Npgsql;

namespace Crm.Domain.Tests.Storage;

/// <summary>The one-round-trip insert path must store exactly what SaveChanges stores, and step aside for anything else.</summary>
public sealed class NewRowsBatchTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    internal static (AuditRecord, ProcessedRequest, OutboxMessage) Rows(string tag) => (
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

    internal static string Comparable(object row, params string[] ignore) =>
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

    [Fact]
    public async Task ConcurrentReads_ShareOneRoundTripAndOneCommit()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var saves = new SharedSaves(database);
        await using var holder = await HoldEveryRoundTripAsync(database, saves);

        var grouped = new[] { saves.Save("a"), saves.Save("b"), saves.Save("c") };
        await holder.ReleaseAsync();

        Assert.All(await Task.WhenAll(grouped), Assert.True);
        await using var read = new NpgsqlConnection(database.ConnectionString);
        await read.OpenAsync();
        await using var transactions = new NpgsqlCommand(
            "SELECT count(DISTINCT xmin::text) FROM audit_records WHERE \"Detail\" IN ('a', 'b', 'c')", read);
        Assert.Equal(1L, await transactions.ExecuteScalarAsync());
        string[] answers = ["answer:a", "answer:b", "answer:c"];
        Assert.Equal(3, await database.CreateContext().Outbox.CountAsync(o => answers.Contains(o.IdempotencyKey)));
    }

    [Fact]
    public async Task InASharedRoundTrip_ARepeatedClaim_FailsOnlyItsOwnRequest()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var first = database.CreateContext())
        {
            first.ProcessedRequests.Add(new ProcessedRequest { Key = "slack:trigger:twice", At = At });
            await first.SaveChangesAsync();
        }
        var saves = new SharedSaves(database);
        await using var holder = await HoldEveryRoundTripAsync(database, saves);

        var (a, twice, b) = (saves.Save("a"), saves.Save("twice"), saves.Save("b"));
        await holder.ReleaseAsync();

        Assert.True(await a);
        Assert.True(await b);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => twice);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        await using var read = database.CreateContext();
        Assert.Equal(["a", "b", .. HeldTags], (await read.Audit.Select(r => r.Detail!).ToListAsync()).Order());
        Assert.False(await read.Outbox.AnyAsync(o => o.IdempotencyKey == "answer:twice"));
    }

    [Fact]
    public async Task InsideATransaction_TheRowsGoWithIt()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var (audit, claim, outbox) = Rows("rolled-back");
            db.AddRange(audit, claim, outbox);
            Assert.True(await NewRowsBatch.TrySaveAsync(db, CancellationToken.None));
            Assert.True(audit.Id > 0);
            await transaction.RollbackAsync();
        }

        await using var read = database.CreateContext();
        Assert.Equal((0, 0, 0), (await read.Audit.CountAsync(), await read.ProcessedRequests.CountAsync(), await read.Outbox.CountAsync()));
    }

    [Fact]
    public async Task RowsMergedIntoOneStatementPerTable_AreWhatSaveChangesStores_AndEachEntityGetsItsOwnId()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var saves = new SharedSaves(database);
        await using var holder = await HoldEveryRoundTripAsync(database, saves);

        var tags = Enumerable.Range(1, 6).Select(i => $"merged{i}").ToArray();
        var grouped = tags.Select(saves.Save).ToArray();
        await holder.ReleaseAsync();
        Assert.All(await Task.WhenAll(grouped), Assert.True);
        var (viaEf, _, outboxViaEf) = Rows("ef");
        await using (var db = database.CreateContext())
        {
            db.AddRange(viaEf, outboxViaEf);
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        foreach (var tag in tags)
        {
            var (audit, _, outbox) = saves.Saved[tag];
            var storedAudit = await read.Audit.AsNoTracking().SingleAsync(a => a.Id == audit.Id);
            var storedOutbox = await read.Outbox.AsNoTracking().SingleAsync(o => o.Id == outbox.Id);
            Assert.Equal(tag, storedAudit.Detail);
            Assert.Equal($"answer:{tag}", storedOutbox.IdempotencyKey);
            Assert.Equal(Comparable(viaEf, "Id", "Detail"), Comparable(storedAudit, "Id", "Detail"));
            Assert.Equal(Comparable(outboxViaEf, "Id", "IdempotencyKey"), Comparable(storedOutbox, "Id", "IdempotencyKey"));
        }
        Assert.Equal(tags.Length + HeldTags.Length, await read.ProcessedRequests.CountAsync(p => p.At == At));
    }

    [Fact]
    public async Task ASharedConnectionLostMidGroup_FailsThoseRequests_StoresNothingOfThem_AndTheNextGroupWorks()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var saves = new SharedSaves(database);
        await using var holder = await HoldEveryRoundTripAsync(database, saves);

        // The held round trip's server process goes away (a restart, a killed backend) while it waits.
        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", admin);
            await kill.ExecuteNonQueryAsync();
        }
        var lost = await Assert.ThrowsAnyAsync<Exception>(() => holder.Held[0]);
        Assert.True(lost is NpgsqlException or InvalidOperationException, lost.ToString());
        await holder.RollbackAsync();

        Assert.True(await saves.Save("after"));
        await using var read = database.CreateContext();
        Assert.Equal(["after"], await read.Audit.Select(a => a.Detail!).ToListAsync());
        Assert.Equal(["answer:after"], await read.Outbox.Select(o => o.IdempotencyKey).ToListAsync());
    }

    /// <summary>Saves a read's rows (audit, claim, answer) tagged <c>tag</c> through the shared path.</summary>
    internal sealed class SharedSaves(Func<CrmDbContext> contexts)
    {
        public SharedSaves(PostgresDatabase database) : this(database.CreateContext)
        {
        }

        public readonly Dictionary<string, (AuditRecord, ProcessedRequest, OutboxMessage)> Saved = [];

        public Task<bool> Save(string tag)
        {
            var db = contexts();
            var (audit, claim, outbox) = Saved[tag] = Rows(tag);
            db.AddRange(audit, claim, outbox);
            return NewRowsBatch.TrySaveAsync(db, CancellationToken.None);
        }
    }

    /// <summary>
    /// Fills the round trips a database allows in flight with saves whose claims wait on keys another
    /// transaction is inserting, so whatever is saved next queues up and goes as one group on release.
    /// </summary>
    internal static readonly string[] HeldTags = Enumerable.Range(1, SharedRoundTrips.MaxInFlight).Select(i => $"held{i}").ToArray();

    internal static async Task<Holder> HoldEveryRoundTripAsync(PostgresDatabase database, SharedSaves saves)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO processed_requests (\"Key\", \"At\") SELECT 'slack:trigger:' || tag, now() FROM unnest(ARRAY['{string.Join("','", HeldTags)}']) tag",
            connection, transaction))
            await insert.ExecuteNonQueryAsync();
        var held = HeldTags.Select(saves.Save).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await LockWaitsAsync(database) < SharedRoundTrips.MaxInFlight)
        {
            Assert.True(DateTime.UtcNow < deadline, "the held saves never waited on the lock");
            await Task.Delay(20);
        }
        return new Holder(connection, transaction, held);
    }

    private static async Task<long> LockWaitsAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    internal sealed class Holder(NpgsqlConnection connection, NpgsqlTransaction transaction, Task<bool>[] held) : IAsyncDisposable
    {
        public IReadOnlyList<Task<bool>> Held => held;

        public Task RollbackAsync() => transaction.RollbackAsync();

        /// <summary>Rolls the blocking keys back, so the held saves go through, then the queued ones.</summary>
        public async Task ReleaseAsync()
        {
            await transaction.RollbackAsync();
            Assert.All(await Task.WhenAll(held), Assert.True);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
