using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Crm.Jobs.Tests.Outbox.OutboxTestData;

namespace Crm.Jobs.Tests.Outbox;

public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Outbox:BaseBackoff"] = "00:00:00.200",
        ["Host:Role"] = "chat", // the dispatcher alone, no job server
    };

    private PostgresDatabase _database = null!;
    private FakePlatformServer _platform = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _platform = await FakePlatformServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<bool> AllSentAsync(int count)
    {
        await using var db = _database.CreateContext();
        return await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Sent) == count;
    }

    [Fact]
    public async Task TwoHosts_DeliverEveryMessageExactlyOnce_InOrder_WithoutA429()
    {
        var now = DateTimeOffset.UtcNow;
        var channels = new[] { "C1", "C2", "C3", "C4", "C5", "C6" };
        await using (var db = _database.CreateContext())
            await StoreAsync(db, Enumerable.Range(0, 15).SelectMany(i => channels.Select(c => Message($"k:{c}:{i:00}", c, now))).ToArray());

        // Each host drains at most three channels at a time, so neither can take all six.
        var settings = new Dictionary<string, string?>(FastRetries) { ["Outbox:MaxConcurrency"] = "3" };
        using var first = JobsTestHost.Build(_database, _platform, settings);
        using var second = JobsTestHost.Build(_database, _platform, settings);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(90), TimeSpan.FromSeconds(60), "both hosts sent all 90 messages");
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        var posts = _platform.Posts;
        Assert.Equal(90, posts.Count);
        Assert.Equal(90, posts.Select(p => p.IdempotencyKey).Distinct().Count());
        Assert.Equal(0, _platform.RateLimited);
        foreach (var channel in channels)
        {
            var keys = posts.Where(p => p.Channel == channel).Select(p => p.IdempotencyKey).ToList();
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
        await using var check = _database.CreateContext();
        Assert.Equal(2, await check.Outbox.Select(o => o.LockedBy).Distinct().CountAsync());
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithBackoff_AndPostedOnce()
    {
        _platform.FailNext("C1", 2);
        await using (var db = _database.CreateContext())
            await StoreAsync(db, Message("retry-me", "C1", DateTimeOffset.UtcNow));

        using var host = JobsTestHost.Build(_database, _platform, FastRetries);
        await host.StartAsync();
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(1), Patience, "the message was sent");
        await host.StopAsync();

        Assert.Equal("retry-me", Assert.Single(_platform.Posts).IdempotencyKey);
        await using var check = _database.CreateContext();
        var row = await check.Outbox.SingleAsync();
        Assert.Equal(3, row.Attempts);
        Assert.Equal(Assert.Single(_platform.Posts).Id, row.ExternalMessageId);
    }

    [Fact]
    public async Task A429_WaitsAsLongAsItIsTold_ThenPostsOnce()
    {
        // Someone else just posted into the channel, so the dispatcher's first try is rate limited.
        using (var other = new HttpClient { BaseAddress = _platform.BaseAddress })
            (await other.PostAsync("/api/post/C9", new StringContent("someone else"))).EnsureSuccessStatusCode();
        await using (var db = _database.CreateContext())
            await StoreAsync(db, Message("after-429", "C9", DateTimeOffset.UtcNow));

        using var host = JobsTestHost.Build(_database, _platform, FastRetries);
        await host.StartAsync();
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(1), Patience, "the message was sent");
        await host.StopAsync();

        Assert.Equal(1, _platform.RateLimited);
        Assert.Single(_platform.Posts, p => p.IdempotencyKey == "after-429");
        await using var check = _database.CreateContext();
        Assert.Equal(2, (await check.Outbox.SingleAsync()).Attempts);
    }

    [Fact]
    public async Task PermanentFailure_IsRecordedAndAudited_AndAnAdminRetryDeliversItOnce()
    {
        _platform.Remove("C7");
        await using (var db = _database.CreateContext())
            await StoreAsync(db, Message("gone", "C7", DateTimeOffset.UtcNow));

        using var host = JobsTestHost.Build(_database, _platform, FastRetries);
        await host.StartAsync();
        await JobsTestHost.WaitUntilAsync(async () =>
        {
            await using var db = _database.CreateContext();
            return await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Failed);
        }, Patience, "the message failed");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<OutboxAdmin>();
            var failed = Assert.Single(await admin.ListFailedAsync(10, CancellationToken.None));
            Assert.Equal(("gone", "channel_not_found", 1), (failed.IdempotencyKey, failed.LastError, failed.Attempts));
            var notYet = await admin.RetryAsync(failed.Id + 100, "root@example.com", Platform.Cli, CancellationToken.None);
            Assert.False(notYet.Queued);
            Assert.Contains("There is no outbox message", notYet.Message);

            _platform.Restore("C7");
            var retried = await admin.RetryAsync(failed.Id, "root@example.com", Platform.Cli, CancellationToken.None);
            Assert.True(retried.Queued, retried.Message);
        }
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(1), Patience, "the retried message was sent");
        await host.StopAsync();

        Assert.Single(_platform.Posts, p => p.IdempotencyKey == "gone");
        await using var check = _database.CreateContext();
        var audit = await check.Audit.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditAction.Delivery, AuditAction.Admin], audit.Select(a => a.Action));
        Assert.Equal(AuditOutcome.Failed, audit[0].Outcome);
        Assert.Equal("channel_not_found", audit[0].Detail);
    }

    [Fact]
    public async Task AHostStoppedBetweenStoreAndSend_DeliversAfterRestart_Once()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = _database.CreateContext())
        {
            // Stored, never claimed: the host went down right after its transaction committed.
            var stored = Message("stored-only", "C1", now);
            // Claimed by a dispatcher that died before sending: its lease must run out first.
            var claimed = Message("claimed-then-crashed", "C2", now);
            claimed.LockedBy = "dead-host/1/00000000";
            claimed.LockedUntil = now.AddSeconds(3);
            await StoreAsync(db, stored, claimed);
        }

        using var restarted = JobsTestHost.Build(_database, _platform, FastRetries);
        await restarted.StartAsync();
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(2), Patience, "both messages were sent");
        await Task.Delay(1500);
        await restarted.StopAsync();

        Assert.Equal(["claimed-then-crashed", "stored-only"], _platform.Posts.Select(p => p.IdempotencyKey).Order());
        var late = _platform.Posts.Single(p => p.IdempotencyKey == "claimed-then-crashed");
        Assert.True(late.At >= now.AddSeconds(3), "a message leased by another dispatcher waits until its lease ends");
    }

    [Fact]
    public async Task AChannelPausedByAnyHost_GetsNothingUntilThePauseEnds()
    {
        var message = Message("after-pause", "C5", DateTimeOffset.UtcNow);
        // Another host was told Retry-After: 3 for the channel.
        await using (var other = new OutboxHost(_database.CreateContext))
            await other.Pacer.PauseAsync(message, TimeSpan.FromSeconds(3), CancellationToken.None);
        DateTimeOffset pausedUntil;
        await using (var db = _database.CreateContext())
        {
            pausedUntil = (await db.ChannelPauses.SingleAsync()).PausedUntil;
            await StoreAsync(db, message);
        }

        using var host = JobsTestHost.Build(_database, _platform, FastRetries);
        await host.StartAsync();
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(1), Patience, "the message was sent");
        await host.StopAsync();

        Assert.True(Assert.Single(_platform.Posts).At >= pausedUntil, "nothing goes into a paused channel before its pause ends");
    }

    [Fact]
    public async Task AHeldRow_IsNotTakenOver_WhileItsHeartbeatRuns_AndMovesOnWithinAClaimOnceItStops()
    {
        var settings = new Dictionary<string, string?>(FastRetries) { ["Outbox:ClaimSeconds"] = "3" };
        var options = new Jobs.Outbox.OutboxOptions { ClaimSeconds = 3 };
        var holder = new OutboxHost(_database.CreateContext, options);
        await holder.Heartbeat.StartAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var held = Message("held", "C1", now);
        var orphan = Message("orphan", "C2", now);
        foreach (var row in new[] { held, orphan })
            (row.LockedBy, row.LockedUntil) = (holder.Claims.Owner, now + options.ClaimFor);
        await using (var db = _database.CreateContext())
            await StoreAsync(db, held, orphan);
        var hold = holder.Heartbeat.Hold(held);

        using var dispatcher = JobsTestHost.Build(_database, _platform, settings);
        await dispatcher.StartAsync();
        // Nobody renews the orphan's claim: it moves on as soon as the claim ends.
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(1), Patience, "the unrenewed message was taken over and sent");
        Assert.True(Assert.Single(_platform.Posts).At >= orphan.LockedUntil, "a claim is honoured until it ends");
        // Twice the original claim has passed; the held one is still the holder's.
        var heldUntil = orphan.LockedUntil!.Value + options.ClaimFor;
        if (heldUntil > DateTimeOffset.UtcNow) await Task.Delay(heldUntil - DateTimeOffset.UtcNow);
        await using (var db = _database.CreateContext())
        {
            var row = await db.Outbox.AsNoTracking().SingleAsync(o => o.IdempotencyKey == "held");
            Assert.Equal((OutboxStatus.Pending, holder.Claims.Owner), (row.Status, row.LockedBy));
            Assert.True(row.LockedUntil > held.LockedUntil, "the heartbeat moved the claim on");
        }
        Assert.DoesNotContain(_platform.Posts, p => p.IdempotencyKey == "held");

        // The holder dies: its claim runs out and the dispatcher sends the message, once.
        hold.Dispose();
        await holder.DisposeAsync();
        await JobsTestHost.WaitUntilAsync(() => AllSentAsync(2), Patience, "the message of the dead holder was sent");
        await dispatcher.StopAsync();
        Assert.Single(_platform.Posts, p => p.IdempotencyKey == "held");
    }
}
