using Crm.Bot.Pipeline;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>Accepting a handoff with ownership: typed and by the card's button, once however often the request is delivered.</summary>
public sealed class HandoffOwnershipTests
{
    public static TheoryData<string> Stores => new() { TestStore.Postgres, TestStore.Sqlite };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Typed_AcceptOwner_MakesTheAccepterTheOwner_OnTheTimeline_Audited_FollowersTold_OnceOnRedelivery(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        await h.SlackAsync("U0AVA", "C0SALES", "follow acme");
        Assert.Equal(ReplyTone.Success, (await h.AskAsync("ava@example.com", "handoff acme to support Onboarding starts Monday")).Tone);

        var first = await h.AskAsync("sam@example.com", "handoff H-1001 accept owner", key: "accept-owner-1");
        var again = await h.AskAsync("sam@example.com", "handoff H-1001 accept owner", key: "accept-owner-1");

        Assert.Equal(ReplyTone.Success, first.Tone);
        Assert.Contains("Accepted by sam@example.com, who now owns the customer.", first.FallbackText);
        Assert.Equal(first.ToJson(), again.ToJson());
        await AssertOwnedOnceBySamAsync(h);

        // A later, different request to accept again is refused; nothing changes twice.
        var later = await h.AskAsync("sam@example.com", "handoff H-1001 accept owner");
        Assert.Contains("already accepted", later.FallbackText);
        await AssertOwnedOnceBySamAsync(h);

        var timeline = await h.AskAsync("max@example.com", "timeline acme");
        var rows = timeline.Blocks.OfType<TableBlock>().Single().Rows;
        Assert.Equal("Owner changed from ava@example.com to sam@example.com on accepting handoff H-1001", rows[0][3]);
        Assert.Equal("sam@example.com", rows[0][1]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TheCardsButton_AcceptsAndTakesOwnership_OnceOnRedelivery_AndTheDecidedCardNamesTheNewOwner(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        await h.SlackAsync("U0AVA", "C0SALES", "follow acme");
        await h.AskAsync("ava@example.com", "handoff acme to support Onboarding starts Monday");
        string command;
        await using (var db = h.Context())
        {
            var offer = Reply.FromJson((await db.Outbox.SingleAsync(o => o.Purpose == "handoff")).ReplyJson);
            var buttons = offer.Blocks.OfType<ActionsBlock>().Single().Buttons;
            Assert.Equal(["Accept", "Accept and take ownership", "Decline"], buttons.Select(b => b.Label));
            command = buttons.Single(b => b.Label == "Accept and take ownership").Command;
        }

        // The button's click, delivered twice (the platform retried it).
        var click = new ChatRequest(Platform.Cli, "cli", null, "sam@example.com", command, "click-1", ReplyVisibility.Private) { FromButton = true };
        var first = await h.RunAsync(click);
        var second = await h.RunAsync(click);

        Assert.Equal(ReplyTone.Success, first.Tone);
        Assert.Equal(first.ToJson(), second.ToJson());
        await AssertOwnedOnceBySamAsync(h);
        await using (var db = h.Context())
        {
            var decided = Reply.FromJson((await db.Outbox.SingleAsync(o => o.IdempotencyKey.StartsWith("handoff:H-1001:decided:"))).ReplyJson);
            Assert.Contains("Accepted by sam@example.com, who now owns the customer.", decided.FallbackText);
            Assert.Equal("sam@example.com", decided.Blocks.OfType<FieldsBlock>().First().Fields.Single(f => f.Label == "Owner").Value);
            Assert.Empty(decided.Blocks.OfType<ActionsBlock>());
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task PlainAccept_LeavesTheOwner_AndAnythingButOwnerAfterAcceptIsRefused(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        await h.AskAsync("ava@example.com", "handoff acme to support Onboarding starts Monday");

        var wrong = await h.AskAsync("sam@example.com", "handoff H-1001 accept owners");
        Assert.Equal(ReplyTone.Error, wrong.Tone);
        Assert.Contains("only `owner` may follow", wrong.FallbackText);

        Assert.Equal(ReplyTone.Success, (await h.AskAsync("sam@example.com", "handoff H-1001 accept")).Tone);
        await using var db = h.Context();
        Assert.Equal("ava@example.com", (await db.Customers.SingleAsync(c => c.Number == 1001)).OwnerEmail);
        Assert.Equal(0, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.FieldChange));
    }

    private static async Task AssertOwnedOnceBySamAsync(PipelineHarness h)
    {
        await using var db = h.Context();
        Assert.Equal("sam@example.com", (await db.Customers.SingleAsync(c => c.Number == 1001)).OwnerEmail);
        var change = await db.Timeline.SingleAsync(t => t.Kind == TimelineKind.FieldChange);
        Assert.Equal(Domain.Access.FieldClass.Basic, change.FieldClass);
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.Change && a.RecordRef == "C-1001" && a.Detail!.StartsWith("owner: ava@example.com → sam@example.com")));
        Assert.Equal(2, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.Handoff)); // offered, accepted
        var follow = await db.Outbox.Where(o => o.Purpose == "follow").Select(o => o.ReplyJson).ToListAsync();
        Assert.Single(follow, json => json.Contains("Owner changed from ava@example.com to sam@example.com"));
    }
}
