using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Pipeline;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SameKeyTwice_ChangesOnce_AndReturnsTheFirstAnswer()
    {
        var first = await _h.AskAsync("ava@example.com", "deal D-1001 amount 50000", key: "Ev-1");
        var second = await _h.AskAsync("ava@example.com", "deal D-1001 amount 50000", key: "Ev-1");

        Assert.Equal(ReplyTone.Success, first.Tone);
        Assert.Equal(first.ToJson(), second.ToJson());
        await using var db = _h.Db();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.DealChange));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.RecordRef == "D-1001" && a.Action == Domain.Audit.AuditAction.Change));
    }

    [Fact]
    public async Task ConcurrentRedeliveries_OfOneEvent_ChangeOnce()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            _h.SlackAsync("U0AVA", "C0SALES", "note acme Redelivered event", key: "Ev-concurrent")));

        Assert.All(replies, r => Assert.Equal(ReplyTone.Success, r.Tone));
        await using var db = _h.Db();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.Note));
        Assert.Equal(1, await db.ProcessedRequests.CountAsync());
    }

    [Fact]
    public async Task SameEventId_OnAnotherPlatform_IsADifferentRequest()
    {
        await _h.SlackAsync("U0AVA", null, "note acme From Slack", key: "shared-id");
        await _h.AskAsync("ava@example.com", "note acme From the CLI", key: "shared-id");
        await using var db = _h.Db();
        Assert.Equal(2, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.Note));
    }

    [Fact]
    public async Task AFailedChange_LeavesNothingBehind()
    {
        // Followed, so a change would also store an outbox message; the failure must roll back everything.
        await _h.SlackAsync("U0AVA", "C0SALES", "follow acme");
        var reply = await _h.AskAsync("ava@example.com", "deal D-1001 stage negotiate");
        Assert.Equal(ReplyTone.Error, reply.Tone);
        Assert.Contains("already in negotiate", reply.FallbackText);
        await using var db = _h.Db();
        Assert.Equal(0, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.StageChange));
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Outcome == Domain.Audit.AuditOutcome.Failed && a.Platform == Platform.Cli));
    }
}
