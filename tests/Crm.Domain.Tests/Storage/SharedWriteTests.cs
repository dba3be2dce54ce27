using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Idempotency;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Domain.Storage.Bulk;
using Crm.Domain.Storage.Sharing;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Domain.Tests.Storage;

/// <summary>
/// The shared write path is safe to group: generated ids never rest on the order rows come back in,
/// and a connection lost around the commit neither stores a request twice nor calls a stored one a
/// failure or a duplicate.
/// </summary>
public sealed class SharedWriteTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private const string Claim = "inline:host-a:42";

    private static AuditRecord Audit(string detail) => new()
    {
        At = At, Actor = "ava@example.com", Platform = Platform.Slack, Workspace = "T0DEMO", Command = "show C-1001",
        Action = AuditAction.View, RecordRef = "C-1001", Outcome = AuditOutcome.Allowed, Detail = detail,
    };

    /// <summary>The audit table's multi-row insert, as the shared path builds it, handing its pairs back in the given order.</summary>
    private static (MultiRowInsert Shape, IReadOnlyList<BulkColumn> Columns) AuditInsert(CrmDbContext db, string resultOrder)
    {
        var table = BulkTable.For<AuditRecord>(db);
        var columns = table.Columns.Where(c => !c.IsKey).ToList();
        return (new MultiRowInsert(table.Name, columns.Select(c => (c.Name, c.StoreType)).ToList(), "Id") { ResultOrder = resultOrder }, columns);
    }

    [Fact]
    public async Task GeneratedIds_GoToTheRowsTheyWereMadeFor_WhateverOrderTheServerHandsThemBackIn()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var (shape, columns) = AuditInsert(db, "ORDER BY o DESC");
        var rows = Enumerable.Range(0, 500)
            .Select(i => new RowStatement(shape, columns.Select(c => c.Read(Audit($"row{i}"))).ToArray(), ReadsKey: true)).ToList();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        // The server really hands the pairs back last row first here.
        await using (var probe = new NpgsqlBatch(connection))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            probe.Transaction = transaction;
            probe.BatchCommands.Add(shape.Command(rows.Select(r => r.Values).ToList()));
            await using (var reader = await probe.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal(500L, reader.GetInt64(0));
            }
            await transaction.RollbackAsync();
        }

        var keys = await RowStatement.ExecuteAsync(connection, null, rows, CancellationToken.None);

        var stored = await db.Audit.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Detail);
        Assert.Equal(500, stored.Count);
        for (var i = 0; i < rows.Count; i++)
            Assert.Equal($"row{i}", stored[keys[i]!.Value]);
    }

    [Fact]
    public async Task AMark_TellsWhetherItsBatchCommitted_WithTheKeysItProduced_AndAnUnknownOneCanNeverCommitAfterwards()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var (shape, columns) = AuditInsert(db, "");
        var claimed = new MultiRowInsert("processed_requests", [("Key", "text"), ("At", "timestamp with time zone"), ("ResultJson", "text")], null);
        List<RowStatement> Rows(string tag) =>
        [
            new(shape, columns.Select(c => c.Read(Audit($"{tag}-1"))).ToArray(), ReadsKey: true),
            new(claimed, [$"slack:trigger:{tag}", At, null], ReadsKey: false),
            new(shape, columns.Select(c => c.Read(Audit($"{tag}-2"))).ToArray(), ReadsKey: true),
        ];
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var committed = Guid.NewGuid();
        var rows = Rows("first");
        var keys = await RowStatement.ExecuteAsync(connection, null, rows, CancellationToken.None, committed);
        var mark = await SharedWriteMarks.ResolveAsync(connection, committed, CancellationToken.None);
        Assert.NotNull(mark);
        Assert.Equal(keys, RowStatement.KeysFromMark(rows, mark));
        Assert.Null(keys[1]);

        var neverSent = Guid.NewGuid();
        Assert.Null(await SharedWriteMarks.ResolveAsync(connection, neverSent, CancellationToken.None));
        var late = await Assert.ThrowsAsync<PostgresException>(() => RowStatement.ExecuteAsync(connection, null, Rows("late"), CancellationToken.None, neverSent));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, late.SqlState);
        Assert.Equal(["first-1", "first-2"], (await db.Audit.AsNoTracking().Select(a => a.Detail!).ToListAsync()).Order());
    }

    [Fact]
    public async Task AGroupWhoseConnectionIsLostAfterItsCommit_IsStoredOnce_AndEveryRequestIsToldItWasStored()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var outcome = await StoreClaimedAnswerAsync(database);
        await using var proxy = new CutConnectionProxy(database.ConnectionString);
        var saves = new NewRowsBatchTests.SharedSaves(() => Proxied(proxy));
        await using var holder = await NewRowsBatchTests.HoldEveryRoundTripAsync(database, saves);
        proxy.Arm("audit_records", CutConnectionProxy.Cut.AfterTheServerCommitted);

        string[] tags = ["a", "b", "c"];
        var grouped = tags.Select(saves.Save).ToArray();
        await using var outcomeContext = Proxied(proxy);
        var recorded = ClaimedRowOutcome.SaveAsync(outcomeContext, outcome, Claim);
        await holder.ReleaseAsync();

        Assert.All(await Task.WhenAll(grouped), Assert.True);
        Assert.True(await recorded);
        Assert.Equal(1, proxy.Cuts);
        await AssertStoredOnceAsync(database, saves, tags);
        await using var read = database.CreateContext();
        var answer = await read.Outbox.AsNoTracking().SingleAsync(o => o.Id == outcome.Id);
        Assert.Equal((OutboxStatus.Sent, 1, (string?)null), (answer.Status, answer.Attempts, answer.LockedBy));
    }

    [Fact]
    public async Task AGroupWhoseConnectionIsLostBeforeTheServerSawIt_IsWrittenAgain_OnceForEachRequest()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var proxy = new CutConnectionProxy(database.ConnectionString);
        var saves = new NewRowsBatchTests.SharedSaves(() => Proxied(proxy));
        await using var holder = await NewRowsBatchTests.HoldEveryRoundTripAsync(database, saves);
        proxy.Arm("audit_records", CutConnectionProxy.Cut.BeforeTheServerSeesIt);

        string[] tags = ["a", "b", "c"];
        var grouped = tags.Select(saves.Save).ToArray();
        await holder.ReleaseAsync();

        Assert.All(await Task.WhenAll(grouped), Assert.True);
        Assert.Equal(1, proxy.Cuts);
        await AssertStoredOnceAsync(database, saves, tags);
    }

    private static PostgresCrmDbContext Proxied(CutConnectionProxy proxy) =>
        new(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql(proxy.ConnectionString).Options);

    /// <summary>Each request's audit row, claim and answer exist once, under the ids the request was given.</summary>
    private static async Task AssertStoredOnceAsync(PostgresDatabase database, NewRowsBatchTests.SharedSaves saves, string[] tags)
    {
        await using var read = database.CreateContext();
        foreach (var tag in tags)
        {
            var (audit, claim, answer) = saves.Saved[tag];
            Assert.Equal(audit.Id, (await read.Audit.AsNoTracking().SingleAsync(a => a.Detail == tag)).Id);
            Assert.Equal(answer.Id, (await read.Outbox.AsNoTracking().SingleAsync(o => o.IdempotencyKey == $"answer:{tag}")).Id);
            Assert.Equal(1, await read.ProcessedRequests.CountAsync(p => p.Key == claim.Key));
        }
    }

    /// <summary>A direct answer stored claimed by this host, as the sender's copy after a successful send.</summary>
    private static async Task<OutboxMessage> StoreClaimedAnswerAsync(PostgresDatabase database)
    {
        var message = new OutboxMessage
        {
            IdempotencyKey = "teams:answer:outcome", Platform = Platform.Teams, Workspace = "tenant", TargetKind = OutboxTargetKind.User,
            Recipient = "aad-1", ReplyJson = "{}", Purpose = "answer", Status = OutboxStatus.Pending,
            CreatedAt = At, NextAttemptAt = At, LockedBy = Claim, LockedUntil = At.AddMinutes(2),
        };
        await using (var db = database.CreateContext())
        {
            db.Outbox.Add(message);
            await db.SaveChangesAsync();
        }
        var copy = message.Copy();
        (copy.Attempts, copy.Status, copy.SentAt, copy.LockedBy, copy.LockedUntil) = (1, OutboxStatus.Sent, At.AddSeconds(1), null, null);
        return copy;
    }
}
