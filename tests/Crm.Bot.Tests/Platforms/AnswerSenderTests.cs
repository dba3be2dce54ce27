using Crm.Domain.Access;
using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Jobs.Outbox;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms;

/// <summary>
/// The one in-process sender: its queue is bounded (a row it cannot take stays stored and claimed, and
/// the dispatcher delivers it once the claim runs out), and stopping it sends what is queued within the
/// shutdown time, or leaves it claimed for the dispatcher: nothing is lost, and nothing but a send cut
/// off in flight goes out twice. The real host against the fake Slack and PostgreSQL.
/// </summary>
public sealed class AnswerSenderTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private FakeSlackServer _slack = null!;
    private SlackHost? _host;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        _slack = await FakeSlackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    private string Owner => _host!.Services.GetRequiredService<OutboxClaims>().Owner;

    private AnswerSender StartHost(int capacity, int inFlight, int claimSeconds = 15)
    {
        _host = new SlackHost(_database.ConnectionString, _slack, settings: new Dictionary<string, string?>
        {
            ["AnswerSender:QueueCapacity"] = capacity.ToString(),
            ["AnswerSender:MaxSendsInFlight"] = inFlight.ToString(),
            ["Outbox:ClaimSeconds"] = claimSeconds.ToString(),
        });
        return _host.Services.GetRequiredService<AnswerSender>();
    }

    /// <summary>Answers stored claimed by this host, as the pipeline stores them; each to its own person, so no pacing holds one up.</summary>
    private async Task<List<OutboxMessage>> StoreAsync(int count)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = _database.CreateContext();
        var rows = Enumerable.Range(1, count).Select(i => ClaimedOutbox.Add(db, new OutboxMessage
        {
            IdempotencyKey = $"slack:answer:test:{tag}:{i}", Platform = Platform.Slack, Workspace = "T0DEMO", Purpose = "answer",
            TargetKind = OutboxTargetKind.User, Recipient = $"U0{tag.ToUpperInvariant()}{i}", ReplyJson = Reply.Text($"answer {i} of {tag}").ToJson(),
        }, DateTimeOffset.UtcNow, _host!.Services.GetRequiredService<OutboxClaims>())).ToList();
        await db.SaveChangesAsync();
        return rows;
    }

    private static AnswerRow Copy(OutboxMessage row) => new(row.Copy(), Reply.FromJson(row.ReplyJson));

    private async Task<List<OutboxMessage>> ReadAsync(IEnumerable<OutboxMessage> rows)
    {
        var ids = rows.Select(r => r.Id).ToList();
        await using var db = _database.CreateContext();
        return await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync();
    }

    private async Task LetClaimsRunOutAsync(IEnumerable<OutboxMessage> rows)
    {
        var ids = rows.Select(r => r.Id).ToList();
        await using var db = _database.CreateContext();
        await db.Outbox.Where(o => ids.Contains(o.Id) && o.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, DateTimeOffset.UtcNow.AddSeconds(-1)));
    }

    private async Task<List<OutboxMessage>> AllSentAsync(IReadOnlyCollection<OutboxMessage> rows)
    {
        var until = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var now = await ReadAsync(rows);
            if (now.All(r => r.Status != OutboxStatus.Pending) || DateTime.UtcNow > until) return now;
            await Task.Delay(100);
        }
    }

    private int PostsTo(OutboxMessage row) => _slack.CallsTo("chat.postMessage").Count(c => c.Str("channel") == row.Recipient);

    [Fact]
    public async Task AFullQueue_LeavesRowsToTheDispatcher_WhichDeliversThemOnce()
    {
        var sender = StartHost(capacity: 1, inFlight: 1);
        // The first send hangs a while, so rows pile up behind it.
        _slack.Script("chat.postMessage", FakeSlackAnswer.Slow(TimeSpan.FromSeconds(1)));
        var rows = await StoreAsync(6);

        var taken = rows.Select(r => sender.Enqueue(Copy(r))).ToList();

        // One slot in the queue and one send in flight: at most two are taken, the first always.
        Assert.True(taken[0]);
        Assert.InRange(taken.Count(t => t), 1, 2);
        await sender.IdleAsync();
        var afterSender = await ReadAsync(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            if (taken[i])
                Assert.Equal((OutboxStatus.Sent, 1), (afterSender[i].Status, afterSender[i].Attempts));
            else
                Assert.Equal((OutboxStatus.Pending, Owner, 0), (afterSender[i].Status, afterSender[i].LockedBy, afterSender[i].Attempts));
        }

        await LetClaimsRunOutAsync(rows.Where((_, i) => !taken[i]));
        var delivered = await AllSentAsync(rows);
        Assert.All(delivered, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.All(rows, r => Assert.Equal(1, PostsTo(r)));
    }

    [Fact]
    public async Task Stopping_SendsWhatIsQueued_AndTakesNoMore()
    {
        var sender = StartHost(capacity: 100, inFlight: 1);
        _slack.Script("chat.postMessage", Enumerable.Repeat(FakeSlackAnswer.Slow(TimeSpan.FromMilliseconds(200)), 5).ToArray());
        var rows = await StoreAsync(5);
        Assert.All(rows, r => Assert.True(sender.Enqueue(Copy(r))));

        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await sender.StopAsync(shutdown.Token);

        var after = await ReadAsync(rows);
        Assert.All(after, r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.All(rows, r => Assert.Equal(1, PostsTo(r)));
        var late = (await StoreAsync(1))[0];
        Assert.False(sender.Enqueue(Copy(late)));
    }

    [Fact]
    public async Task StoppingWithNoTimeLeft_LeavesQueuedRowsClaimed_AndTheDispatcherDeliversEachOnce()
    {
        var sender = StartHost(capacity: 100, inFlight: 1);
        // The first send is still in flight when the shutdown time is up.
        _slack.Script("chat.postMessage", FakeSlackAnswer.Slow(TimeSpan.FromSeconds(2)));
        var rows = await StoreAsync(4);
        Assert.All(rows, r => Assert.True(sender.Enqueue(Copy(r))));
        await _slack.WaitForAsync("chat.postMessage");

        await sender.StopAsync(new CancellationToken(canceled: true));

        var after = await ReadAsync(rows);
        Assert.All(after, r => Assert.Equal((OutboxStatus.Pending, Owner, 0), (r.Status, r.LockedBy, r.Attempts)));
        await LetClaimsRunOutAsync(rows);
        var delivered = await AllSentAsync(rows);
        Assert.All(delivered, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        // Only the send cut off in flight may have reached Slack twice; every row queued behind it went once.
        Assert.InRange(PostsTo(rows[0]), 1, 2);
        Assert.All(rows.Skip(1), r => Assert.Equal(1, PostsTo(r)));
    }

    [Fact]
    public async Task ARowWaitingInTheQueueLongerThanItsClaim_KeepsItsClaim_AndIsSentOnce()
    {
        // Claims of 2 s; the first send takes 4 s, so the second row waits twice its claim in the queue
        // while the dispatcher of this host looks for rows whose claim ran out every second. Its copy is
        // then too old to send from: the sender reads the row again, and records its outcome.
        var sender = StartHost(capacity: 10, inFlight: 1, claimSeconds: 2);
        _slack.Script("chat.postMessage", FakeSlackAnswer.Slow(TimeSpan.FromSeconds(4)));
        var rows = await StoreAsync(2);
        Assert.All(rows, r => Assert.True(sender.Enqueue(Copy(r))));

        await sender.IdleAsync();

        var after = await ReadAsync(rows);
        Assert.All(after, r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.All(rows, r => Assert.Equal(1, PostsTo(r)));
    }

    [Fact]
    public async Task AChannelAnswerShowingMoreThanTheChannelMayNowRead_IsWithheldAndAudited_AndOneItMayReadIsSent()
    {
        var sender = StartHost(capacity: 10, inFlight: 2);
        var tag = Guid.NewGuid().ToString("N")[..8];
        OutboxMessage tooMuch, fine;
        await using (var db = _database.CreateContext())
        {
            // Rendered for a channel that could read financial data; #sales (bound to Sales) cannot.
            var sales = await db.Channels.SingleAsync(c => c.ExternalId == "C0SALES");
            OutboxMessage Answer(string name, FieldClass rendered) => ClaimedOutbox.Add(db, new OutboxMessage
            {
                IdempotencyKey = $"slack:answer:test:{tag}:{name}", Platform = Platform.Slack, Workspace = "T0DEMO", Purpose = "answer",
                TargetKind = OutboxTargetKind.Channel, ChannelId = sales.Id, Recipient = "C0SALES",
                ReplyJson = (Reply.Text($"{name} {tag}") with { Visibility = ReplyVisibility.Channel, RenderedClearance = rendered }).ToJson(),
            }, DateTimeOffset.UtcNow, _host!.Services.GetRequiredService<OutboxClaims>());
            tooMuch = Answer("overdue", FieldClass.Basic | FieldClass.Financial);
            fine = Answer("basic", FieldClass.Basic);
            await db.SaveChangesAsync();
        }

        Assert.True(sender.Enqueue(Copy(tooMuch)));
        Assert.True(sender.Enqueue(Copy(fine)));
        await sender.IdleAsync();

        var withheld = (await ReadAsync([tooMuch])).Single();
        var sent = (await ReadAsync([fine])).Single();
        Assert.Equal(OutboxStatus.Failed, withheld.Status);
        Assert.StartsWith("Withheld: it shows financial", withheld.LastError);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        var posts = _slack.CallsTo("chat.postMessage").Where(c => c.Str("channel") == "C0SALES").Select(c => c.Body.ToJsonString()).ToList();
        Assert.DoesNotContain(posts, p => p.Contains($"overdue {tag}"));
        Assert.Contains(posts, p => p.Contains($"basic {tag}"));
        await using var check = _database.CreateContext();
        Assert.True(await check.Audit.AnyAsync(a => a.RecordRef == tooMuch.IdempotencyKey && a.Outcome == Domain.Audit.AuditOutcome.Denied));
    }
}
