using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using static Crm.Jobs.Tests.Outbox.OutboxTestData;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>The one outcome recorder: backoff, attempt limit, audit of every permanent failure, claim-conditional writes.</summary>
public sealed class OutboxOutcomeRecorderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>Stores a message claimed by <paramref name="owner"/> and returns a detached copy (as a sender holds it).</summary>
    private async Task<OutboxMessage> StoreClaimedAsync(string key, string channel, string owner, DateTimeOffset now)
    {
        var message = Message(key, channel, now);
        message.LockedBy = owner;
        message.LockedUntil = now.AddSeconds(15);
        await using var db = _database.CreateContext();
        await StoreAsync(db, message);
        return message.Copy();
    }

    private async Task ClaimAgainAsync(long id, string owner)
    {
        await using var db = _database.CreateContext();
        await db.Outbox.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedBy, owner).SetProperty(o => o.LockedUntil, Start.AddHours(1)));
    }

    private async Task<OutboxMessage> ReadAsync(long id)
    {
        await using var db = _database.CreateContext();
        return await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    [Theory]
    [InlineData("sent")]
    [InlineData("transient")]
    [InlineData("permanent")]
    public async Task ARowTrackedByTheCallersContext_IsRecordedAsADetachedCopyIs_AndALaterSaveDoesNotUndoIt(string outcome)
    {
        var clock = new ManualClock(Start);
        await using var host = new OutboxHost(_database.CreateContext, new OutboxOptions { MaxAttempts = 3 }, clock);
        var owner = host.Claims.Owner;
        var stored = await StoreClaimedAsync("tracked-" + outcome, "C1", owner, Start);
        var result = outcome switch
        {
            "sent" => DeliveryResult.Sent("ts-1"),
            "transient" => DeliveryResult.Transient("HTTP 503"),
            _ => DeliveryResult.Permanent("channel_not_found"),
        };

        await using (var db = _database.CreateContext())
        {
            var tracked = await db.Outbox.SingleAsync(o => o.Id == stored.Id);
            Assert.True(await host.Recorder.RecordAsync(db, tracked, owner, result, CancellationToken.None));
            // Whatever the caller does with its context afterwards leaves the recorded outcome alone.
            await db.SaveChangesAsync();
        }

        var row = await ReadAsync(stored.Id);
        var expected = outcome switch { "sent" => OutboxStatus.Sent, "transient" => OutboxStatus.Pending, _ => OutboxStatus.Failed };
        Assert.Equal((expected, 1), (row.Status, row.Attempts));
        if (outcome == "sent") Assert.Equal("ts-1", row.ExternalMessageId);
        await using var check = _database.CreateContext();
        Assert.Equal(outcome == "permanent" ? 1 : 0, await check.Audit.CountAsync());
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithTheBackoff_UntilTheAttemptLimit_ThenFailedAndAudited()
    {
        var clock = new ManualClock(Start);
        await using var host = new OutboxHost(_database.CreateContext, new OutboxOptions { MaxAttempts = 3, BaseBackoff = TimeSpan.FromSeconds(10) }, clock);
        var owner = host.Claims.Owner;
        var copy = await StoreClaimedAsync("flaky", "C1", owner, Start);

        await using (var db = _database.CreateContext())
            Assert.True(await host.Recorder.RecordAsync(db, copy, owner, DeliveryResult.Transient("HTTP 503"), CancellationToken.None));
        var first = await ReadAsync(copy.Id);
        Assert.Equal((OutboxStatus.Pending, 1, (string?)null, "HTTP 503"), (first.Status, first.Attempts, first.LockedBy, first.LastError));
        // The dispatcher's backoff (base 10 s, ±20 % jitter), not a fixed wait; the channel waits with it.
        Assert.InRange(first.NextAttemptAt, Start.AddSeconds(8), Start.AddSeconds(12));
        Assert.Equal(first.NextAttemptAt, first.LockedUntil);

        await ClaimAgainAsync(copy.Id, owner);
        copy = await ReadAsync(copy.Id);
        await using (var db = _database.CreateContext())
            Assert.True(await host.Recorder.RecordAsync(db, copy, owner, DeliveryResult.Transient("HTTP 503"), CancellationToken.None));
        var second = await ReadAsync(copy.Id);
        Assert.Equal((OutboxStatus.Pending, 2), (second.Status, second.Attempts));
        Assert.InRange(second.NextAttemptAt, Start.AddSeconds(16), Start.AddSeconds(24));

        await ClaimAgainAsync(copy.Id, owner);
        copy = await ReadAsync(copy.Id);
        await using (var db = _database.CreateContext())
            Assert.True(await host.Recorder.RecordAsync(db, copy, owner, DeliveryResult.Transient("HTTP 503"), CancellationToken.None));
        var last = await ReadAsync(copy.Id);
        Assert.Equal((OutboxStatus.Failed, 3), (last.Status, last.Attempts));
        Assert.Contains("Gave up after 3 attempts", last.LastError);
        await using var check = _database.CreateContext();
        var audit = Assert.Single(await check.Audit.ToListAsync());
        Assert.Equal((AuditAction.Delivery, AuditOutcome.Failed, "flaky"), (audit.Action, audit.Outcome, audit.RecordRef));
    }

    [Fact]
    public async Task APermanentFailure_IsFailed_WithAnAuditRecord_InOneWrite()
    {
        await using var host = new OutboxHost(_database.CreateContext);
        var owner = host.Claims.Owner;
        var copy = await StoreClaimedAsync("gone", "C7", owner, DateTimeOffset.UtcNow);

        await using (var db = _database.CreateContext())
            Assert.True(await host.Recorder.RecordAsync(db, copy, owner, DeliveryResult.Permanent("channel_not_found"), CancellationToken.None));

        var row = await ReadAsync(copy.Id);
        Assert.Equal((OutboxStatus.Failed, 1, "channel_not_found"), (row.Status, row.Attempts, row.LastError));
        await using var check = _database.CreateContext();
        var audit = Assert.Single(await check.Audit.ToListAsync());
        Assert.Equal((AuditOutcome.Failed, "channel_not_found", "deliver test #" + copy.Id), (audit.Outcome, audit.Detail, audit.Command));
    }

    [Fact]
    public async Task ARowTakenOverByAnotherSender_IsLeftAlone_WhateverTheOutcome()
    {
        await using var host = new OutboxHost(_database.CreateContext);
        var sent = await StoreClaimedAsync("taken-1", "C1", "another-host/1/00000000", DateTimeOffset.UtcNow);
        var failed = await StoreClaimedAsync("taken-2", "C2", "another-host/1/00000000", DateTimeOffset.UtcNow);

        await using (var db = _database.CreateContext())
        {
            Assert.False(await host.Recorder.RecordAsync(db, sent, host.Claims.Owner, DeliveryResult.Sent("m1"), CancellationToken.None));
            Assert.False(await host.Recorder.RecordAsync(db, failed, host.Claims.Owner, DeliveryResult.Permanent("channel_not_found"), CancellationToken.None));
        }

        Assert.Equal((OutboxStatus.Pending, 0), ((await ReadAsync(sent.Id)).Status, (await ReadAsync(sent.Id)).Attempts));
        Assert.Equal(OutboxStatus.Pending, (await ReadAsync(failed.Id)).Status);
        await using var check = _database.CreateContext();
        Assert.Empty(await check.Audit.ToListAsync());
    }

    [Fact]
    public async Task ARetryAfterRecordedByOneHost_MakesAnotherHostsPacerWaitUntilThePauseEnds()
    {
        var clock = new ManualClock(Start);
        // No spacing of its own, so only the shared pause can hold the second host back.
        var options = new OutboxOptions { SlackChannelInterval = TimeSpan.Zero, BaseBackoff = TimeSpan.FromMilliseconds(100) };
        await using var first = new OutboxHost(_database.CreateContext, options, clock);
        await using var second = new OutboxHost(_database.CreateContext, options, clock);
        var limited = await StoreClaimedAsync("limited", "C9", first.Claims.Owner, Start);
        var next = Message("next", "C9", Start);

        await using (var db = _database.CreateContext())
            Assert.True(await first.Recorder.RecordAsync(db, limited, first.Claims.Owner, DeliveryResult.Transient("rate limited", TimeSpan.FromSeconds(1)), CancellationToken.None));
        var row = await ReadAsync(limited.Id);
        Assert.True(row.NextAttemptAt >= Start.AddSeconds(1), "the message itself waits at least as long as it was told");

        var turn = second.Pacer.WaitTurnAsync(next, CancellationToken.None);
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(turn.IsCompleted, "a turn inside the pause another host was told about");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await turn.WaitAsync(TimeSpan.FromSeconds(15));
        // A channel nobody paused is not held back.
        await second.Pacer.WaitTurnAsync(Message("elsewhere", "C10", Start), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public Task SlacksOnePostASecond_IsKeptBetweenHosts_AnotherHostWaitsForTheTurnTheFirstTook() =>
        OnePostASecondBetweenHostsAsync(_database.CreateContext);

    [Fact]
    public async Task SlacksOnePostASecond_IsKeptBetweenSendersOfTheEmbeddedStoreToo()
    {
        await using var sqlite = await SqliteDatabase.CreateAsync();
        await OnePostASecondBetweenHostsAsync(sqlite.CreateContext);
    }

    private static async Task OnePostASecondBetweenHostsAsync(Func<CrmDbContext> database)
    {
        var clock = new ManualClock(Start);
        var options = new OutboxOptions { SlackChannelInterval = TimeSpan.FromSeconds(1) };
        await using var first = new OutboxHost(database, options, clock);
        await using var second = new OutboxHost(database, options, clock);

        // The first host's post goes at once and holds the channel for every host for one interval.
        await first.Pacer.WaitTurnAsync(Message("first", "C11", Start), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        var turn = second.Pacer.WaitTurnAsync(Message("second", "C11", Start), CancellationToken.None);
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(turn.IsCompleted, "a post into a channel another host posted into less than a second ago");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await turn.WaitAsync(TimeSpan.FromSeconds(15));
        // Another channel has its own turns.
        await second.Pacer.WaitTurnAsync(Message("elsewhere", "C12", Start), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task AnOutcomeTheDatabaseRefuses_IsWrittenOnceItIsBack_AndTheMessageIsNotSentTwice()
    {
        await using var platform = await FakePlatformServer.StartAsync();
        using var http = new HttpClient { BaseAddress = platform.BaseAddress };
        var transport = new FakePlatformTransport(http);
        // A dispatcher of another host is running all along: it must not send the message again.
        using var dispatcher = JobsTestHost.Build(_database, platform, new Dictionary<string, string?> { ["Host:Role"] = "chat" });
        await dispatcher.StartAsync();
        await using var host = new OutboxHost(_database.CreateContext);
        await host.Heartbeat.StartAsync(CancellationToken.None);
        var owner = host.Claims.Owner;
        var copy = await StoreClaimedAsync("refused-outcome", "C4", owner, DateTimeOffset.UtcNow);

        var result = await transport.SendAsync(copy, Domain.Replies.Reply.FromJson(copy.ReplyJson), null, CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        await DatabaseOutage.AllowConnectionsAsync(_database, false);
        Task<bool> recorded;
        await using (var db = _database.CreateContext())
        {
            recorded = host.Recorder.RecordAsync(db, copy, owner, result, CancellationToken.None);
            // Turned away at least once: the recorder is waiting to try again.
            await Task.Delay(500);
            Assert.False(recorded.IsCompleted, "the outcome cannot have been written while the database refuses connections");
            await DatabaseOutage.AllowConnectionsAsync(_database, true);
            Assert.True(await recorded.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var row = await ReadAsync(copy.Id);
        Assert.Equal((OutboxStatus.Sent, 1, result.ExternalMessageId), (row.Status, row.Attempts, row.ExternalMessageId));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await dispatcher.StopAsync();
        Assert.Single(platform.Posts, p => p.IdempotencyKey == "refused-outcome");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APause_KeepsTheLaterOfTwo_OnEitherDatabase(bool postgres)
    {
        await using var sqlite = postgres ? null : await SqliteDatabase.CreateAsync();
        Func<Domain.Storage.CrmDbContext> context = postgres ? _database.CreateContext : sqlite!.CreateContext;
        var clock = new ManualClock(Start);
        await using var host = new OutboxHost(context, time: clock);
        var thread = Message("t", "19:c@thread.tacv2;messageid=42", Start);
        thread.Platform = Platform.Teams;

        await host.Pacer.PauseAsync(thread, TimeSpan.FromSeconds(30), CancellationToken.None);
        await host.Pacer.PauseAsync(thread, TimeSpan.FromSeconds(5), CancellationToken.None);

        await using var db = context();
        var pause = Assert.Single(await db.ChannelPauses.AsNoTracking().ToListAsync());
        // A thread's pause is its channel's.
        Assert.Equal((Platform.Teams, "T0DEMO", "19:c@thread.tacv2", Start.AddSeconds(30)), (pause.Platform, pause.Workspace, pause.Recipient, pause.PausedUntil));
    }
}
