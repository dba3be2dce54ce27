using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>Follow, share and handoff messages go through the outbox, one per channel, each at that channel's clearance.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ChangeToAFollowedCustomer_StoresOneMessagePerFollowingChannel_AtItsClearance()
    {
        await _h.SlackAsync("U0MAX", "C0SALES", "follow acme");
        await _h.AskInChannelAsync("root@example.com", "19:finance@thread.tacv2", "follow acme");
        await _h.SlackAsync("U0MIA", "C0MKT", "follow acme");

        await _h.AskAsync("fiona@example.com", "invoice INV-1001 paid", key: "pay-1");

        await using var db = _h.Db();
        var messages = await db.Outbox.Where(o => o.Purpose == "follow").OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal(OutboxTargetKind.Channel, m.TargetKind));
        var finance = messages.Single(m => m.Platform == Platform.Teams);
        var sales = messages.Single(m => m.Recipient == "C0SALES");
        var marketing = messages.Single(m => m.Recipient == "C0MKT");
        Assert.Contains("INV-1001 of 12,500 USD was paid", finance.ReplyJson);
        Assert.DoesNotContain("INV-1001", sales.ReplyJson);
        Assert.Contains("A change to financial data (not shown to this audience)", sales.ReplyJson);
        Assert.Contains("Acme renewal", sales.ReplyJson);
        Assert.DoesNotContain("Acme renewal", marketing.ReplyJson);
        Assert.Equal(["basic", "aggregates"], Reply.FromJson(marketing.ReplyJson).Redaction!.VisibleClasses);
        Assert.All(messages, m => Assert.StartsWith("cli:cli:pay-1:follow:", m.IdempotencyKey));
    }

    [Fact]
    public async Task Share_PostsTheCardIntoTheChannel_Redacted()
    {
        var reply = await _h.SlackAsync("U0EVE", "C0GENERAL", "share acme");
        Assert.Contains("Hidden there", reply.ToJson());
        await using var db = _h.Db();
        var message = await db.Outbox.SingleAsync(o => o.Purpose == "share");
        Assert.Equal("C0GENERAL", message.Recipient);
        Assert.DoesNotContain("jane.roe", message.ReplyJson);
        Assert.DoesNotContain("Acme renewal", message.ReplyJson);
        Assert.Contains("Acme Corporation", message.ReplyJson);
    }

    [Fact]
    public async Task Handoff_PostsCardsToTheTargetDepartment_AcceptReplacesThem_AndTellsTheSender()
    {
        await _h.SlackAsync("U0AVA", "C0SALES", "whoami"); // Ava is reachable on Slack
        var offer = await _h.SlackAsync("U0AVA", "C0SALES", "handoff acme to support Onboarding starts Monday");
        Assert.Contains("H-1001", offer.FallbackText);

        await using (var db = _h.Db())
        {
            var card = await db.Outbox.SingleAsync(o => o.Purpose == "handoff");
            Assert.Equal("19:support@thread.tacv2", card.Recipient);
            var reply = Reply.FromJson(card.ReplyJson);
            var buttons = reply.Blocks.OfType<ActionsBlock>().Single().Buttons;
            Assert.Equal(["handoff H-1001 accept", "handoff H-1001 accept owner", "handoff H-1001 decline {reason}"], buttons.Select(b => b.Command));
            Assert.Contains("Cannot log in to the portal", card.ReplyJson); // Support's clearance includes tickets
            Assert.DoesNotContain("INV-1001", card.ReplyJson);
        }

        var accept = await _h.AskAsync("sam@example.com", "handoff H-1001 accept");
        Assert.Equal(ReplyTone.Success, accept.Tone);
        var again = await _h.AskAsync("sam@example.com", "handoff H-1001 decline");
        Assert.Contains("already accepted", again.FallbackText);

        await using (var db = _h.Db())
        {
            var original = await db.Outbox.SingleAsync(o => o.IdempotencyKey.StartsWith("handoff:H-1001:offer:"));
            var replacement = await db.Outbox.SingleAsync(o => o.IdempotencyKey.StartsWith("handoff:H-1001:decided:"));
            Assert.Equal(original.Id, replacement.ReplacesMessageId);
            Assert.Contains("Accepted by sam@example.com", replacement.ReplyJson);
            Assert.Empty(Reply.FromJson(replacement.ReplyJson).Blocks.OfType<ActionsBlock>());
            var told = await db.Outbox.SingleAsync(o => o.Purpose == "handoff-result");
            Assert.Equal((OutboxTargetKind.User, Platform.Slack, "U0AVA"), (told.TargetKind, told.Platform, told.Recipient));
        }
    }
}
