using Crm.Bot.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Pipeline;

/// <summary>
/// A platform delivery (Slack trigger id) is claimed by the pipeline in the save that stores its work:
/// a read together with its audit row, a change in its transaction (a repeat already handled is
/// refused before it runs). Either way a repeat changes, records and answers nothing.
/// </summary>
public sealed class DeliveryClaimPipelineTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static ChatRequest Slack(string user, string text, string delivery, string? channel = "C0SALES") =>
        new(Platform.Slack, DemoDirectory.SlackWorkspace, channel, user, text, Guid.NewGuid().ToString("N"), ReplyVisibility.Channel)
        {
            DeliveryKey = delivery,
            ChannelName = channel is null ? null : DemoDirectory.Channels.Single(c => c.ExternalId == channel).Name,
        };

    [Fact]
    public async Task RepeatedDelivery_OfARead_IsRefused_AndTheViewIsAuditedOnce()
    {
        var first = await _h.RunAsync(Slack("U0AVA", "show C-1001", "slack:trigger:T1"));
        await Assert.ThrowsAsync<DuplicateDeliveryException>(() => _h.RunAsync(Slack("U0AVA", "show C-1001", "slack:trigger:T1")));

        Assert.Contains("Acme Corporation", first.FallbackText);
        await using var db = _h.Db();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.View && a.RecordRef == "C-1001"));
        Assert.Equal(1, await db.ProcessedRequests.CountAsync(p => p.Key == "slack:trigger:T1"));
    }

    [Fact]
    public async Task ConcurrentDeliveries_OfARead_HaveExactlyOneAnswer()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try { return await _h.RunAsync(Slack("U0AVA", "show acme", "slack:trigger:T2")); }
            catch (DuplicateDeliveryException) { return null; }
        }));

        Assert.Single(outcomes, o => o is not null);
        await using var db = _h.Db();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.View && a.RecordRef == "C-1001"));
    }

    [Fact]
    public async Task RepeatedDelivery_OfAChange_IsRefused_BeforeItRuns()
    {
        // Different idempotency keys, one delivery: the delivery claim alone must stop the second note.
        await _h.RunAsync(Slack("U0AVA", "note acme Called about the renewal", "slack:trigger:T3"));
        await Assert.ThrowsAsync<DuplicateDeliveryException>(() => _h.RunAsync(Slack("U0AVA", "note acme Called about the renewal", "slack:trigger:T3")));

        await using var db = _h.Db();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.Note));
    }

    [Fact]
    public async Task ConcurrentDeliveries_OfAChange_ApplyItOnce_AndTheOthersAreRefused()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try { return await _h.RunAsync(Slack("U0AVA", "note acme Asked for the price list", "slack:trigger:T6")); }
            catch (DuplicateDeliveryException) { return null; }
        }));

        Assert.Single(outcomes, o => o is not null);
        await using var db = _h.Db();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.Note && t.Text.Contains("price list")));
        Assert.Equal(1, await db.ProcessedRequests.CountAsync(p => p.Key == "slack:trigger:T6"));
    }

    [Fact]
    public async Task RepeatedDelivery_OfADenial_IsRefused_AndTheDenialIsAuditedOnce()
    {
        await _h.RunAsync(Slack("U0MIA", "invoice INV-1001 paid", "slack:trigger:T4", channel: "C0MKT"));
        await Assert.ThrowsAsync<DuplicateDeliveryException>(() => _h.RunAsync(Slack("U0MIA", "invoice INV-1001 paid", "slack:trigger:T4", channel: "C0MKT")));

        await using var db = _h.Db();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task RepeatedDelivery_OfATypo_IsRefused()
    {
        var first = await _h.RunAsync(Slack("U0AVA", "shwo acme", "slack:trigger:T5"));
        await Assert.ThrowsAsync<DuplicateDeliveryException>(() => _h.RunAsync(Slack("U0AVA", "shwo acme", "slack:trigger:T5")));
        Assert.Equal(ReplyTone.Error, first.Tone);
    }

    [Fact]
    public async Task ChannelBoundOnThisHost_ShowsItsNewClearance_AtOnce()
    {
        // #general is unbound (basic clearance): the deal stays hidden, and the channel is now cached.
        var before = await _h.SlackAsync("U0MAX", "C0GENERAL", "show C-1001", visibility: ReplyVisibility.Channel);
        Assert.DoesNotContain("D-1001", before.ToJson());

        var bound = await _h.SlackAsync("U0ROOT", "C0GENERAL", "admin channel sales");
        Assert.Equal(ReplyTone.Success, bound.Tone);

        var after = await _h.SlackAsync("U0MAX", "C0GENERAL", "show C-1001", visibility: ReplyVisibility.Channel);
        Assert.Contains("D-1001", after.ToJson());
    }
}
