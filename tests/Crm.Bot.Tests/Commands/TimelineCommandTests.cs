using Crm.Bot.Cli;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>The timeline verb against the demo data, on both stores: content, clearance, paging and bad input.</summary>
public sealed class TimelineCommandTests
{
    public static TheoryData<string> Stores => new() { TestStore.Postgres, TestStore.Sqlite };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Timeline_ShowsWhoWhenWhereAndWhat_NewestFirst_OnlyWhatTheAskerMayRead(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        Assert.Equal(ReplyTone.Success, (await h.SlackAsync("U0AVA", "C0SALES", "note acme Call went well, wants a demo")).Tone);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ReplyTone.Success, (await h.AskAsync("fiona@example.com", "invoice INV-1001 paid")).Tone);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ReplyTone.Success, (await h.AskAsync("ava@example.com", "deal D-1001 amount 50000")).Tone);

        var ava = await h.AskAsync("ava@example.com", "timeline acme");
        var table = Assert.Single(ava.Blocks.OfType<TableBlock>());
        Assert.Equal(["When", "Who", "Where", "What"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Contains("D-1001", table.Rows[0][3]);
        Assert.Equal(["2026-11-26 11:00 Europe/Berlin", "ava@example.com", "slack #sales", "Call went well, wants a demo"], table.Rows[1]);
        Assert.Equal("2026-11-26 11:10 Europe/Berlin", table.Rows[0][0]);
        Assert.Equal("cli, private", table.Rows[0][2]);
        Assert.DoesNotContain("INV-1001", ava.ToJson());
        Assert.Contains("financial", ava.Redaction!.HiddenClasses);
        Assert.Empty(ava.Blocks.OfType<ActionsBlock>());

        var fiona = ReplyTextRenderer.Render(await h.AskAsync("fiona@example.com", "timeline C-1001"));
        Assert.Contains("INV-1001", fiona);
        Assert.Contains("D-1001", fiona);
        Assert.Contains("wants a demo", fiona);

        var mia = await h.AskAsync("mia@example.com", "timeline acme");
        Assert.Equal("Call went well, wants a demo", Assert.Single(Assert.Single(mia.Blocks.OfType<TableBlock>()).Rows)[3]);

        // Posted into #sales it is cut to the channel, whoever asks, and shows the channel's zone.
        var inSales = await h.AskInChannelAsync("fiona@example.com", "C0SALES", "timeline acme");
        Assert.Equal(ReplyVisibility.Channel, inSales.Visibility);
        Assert.DoesNotContain("INV-1001", inSales.ToJson());
        Assert.Contains("2026-11-26 10:00 UTC", inSales.ToJson());

        await using var db = h.Context();
        var views = await db.Audit.Where(a => a.Action == AuditAction.View && a.RecordRef == "C-1001").Select(a => a.Detail).ToListAsync();
        Assert.Equal(4, views.Count(d => d!.StartsWith("timeline")));
        Assert.Contains(views, d => d!.Contains("shown to ava@example.com") && d.Contains("hidden: ") && d.Contains("financial"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task More_PagesThroughEveryEntryOnce_EvenWhenManyShareOneInstant(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        var random = new Random(4711);
        await using (var db = h.Context())
        {
            var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            for (var i = 0; i < 57; i++)
            {
                // Three instants only, so most pages end inside a run of equal times; a quarter is financial (hidden from ava).
                var cls = random.Next(4) == 0 ? FieldClass.Financial : FieldClass.Basic;
                db.Timeline.Add(new TimelineEntry(acme.Id, TimelineKind.Note, cls, $"entry {i:00}", "max@example.com", Platform.Slack, null, null,
                    PipelineHarness.Start.AddMinutes(random.Next(3))));
            }
            await db.SaveChangesAsync();
        }
        List<string> expected;
        await using (var db = h.Context())
            expected = (await db.Timeline.Where(t => t.FieldClass == FieldClass.Basic).ToListAsync())
                .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Select(t => t.Text).ToList();

        var seen = new List<string>();
        var command = "timeline acme 10";
        var pages = 0;
        while (command is not null)
        {
            var page = await h.AskAsync("ava@example.com", command);
            Assert.Equal(ReplyTone.Normal, page.Tone);
            var rows = page.Blocks.OfType<TableBlock>().SingleOrDefault()?.Rows ?? [];
            seen.AddRange(rows.Select(r => r[3]));
            command = page.Blocks.OfType<ActionsBlock>().SingleOrDefault()?.Buttons.Single(b => b.Label == "More").Command;
            if (command is not null) Assert.Equal(10, rows.Count);
            Assert.True(++pages <= 10, "paging did not end");
        }

        Assert.True(expected.Count > 30, $"only {expected.Count} basic entries: the paging proves little");
        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 9) / 10, pages);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task BadInput_SaysWhatIsWrong_WithTheUsage(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        foreach (var (command, says) in new[]
                 {
                     ("timeline", "Which customer?"),
                     ("timeline acme 0", "from 1 to 100, not '0'"),
                     ("timeline acme 101", "from 1 to 100, not '101'"),
                     ("timeline acme -5", "from 1 to 100, not '-5'"),
                     ("timeline acme 99999999999", "from 1 to 100"),
                     ("timeline acme 20 before soon", "`before` takes the number of a timeline entry"),
                     ("timeline acme before 3 20", "`before` takes the number of a timeline entry"),
                 })
        {
            var reply = await h.AskAsync("ava@example.com", command);
            Assert.Equal(ReplyTone.Error, reply.Tone);
            Assert.Contains(says, reply.FallbackText);
            Assert.Contains("Usage: `timeline <customer> [count] [before <entry>]`", reply.FallbackText);
        }

        var unknownCursor = await h.AskAsync("ava@example.com", "timeline acme 20 before 987654");
        Assert.Equal(ReplyTone.Warning, unknownCursor.Tone);
        Assert.Contains("C-1001 has no timeline entry 987654", unknownCursor.FallbackText);

        var nobody = await h.AskAsync("ava@example.com", "timeline no-such-customer-anywhere");
        Assert.Contains("No customer matches", nobody.FallbackText);

        var empty = await h.AskAsync("ava@example.com", "timeline acme 5");
        Assert.Contains("Nothing on the timeline yet", ReplyTextRenderer.Render(empty));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TheCard_ShowsTheThreeLatestEntriesItsAudienceMayRead_AndATimelineButton(string store)
    {
        await using var h = await PipelineHarness.CreateAsync(store);
        foreach (var text in new[] { "first note", "second note", "third note", "fourth note" })
        {
            await h.AskAsync("ava@example.com", $"note acme {text}");
            h.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        await h.AskAsync("fiona@example.com", "invoice INV-1001 paid");

        var ava = await h.AskAsync("ava@example.com", "show acme");
        var latest = ava.Blocks.OfType<TableBlock>().Single(t => t.Caption == "Latest on the timeline");
        Assert.Equal(["fourth note", "third note", "second note"], latest.Rows.Select(r => r[2]));
        Assert.Equal("timeline C-1001", ava.Blocks.OfType<ActionsBlock>().Single().Buttons.Single(b => b.Label == "Timeline").Command);

        var fiona = await h.AskAsync("fiona@example.com", "show acme");
        var forFinance = fiona.Blocks.OfType<TableBlock>().Single(t => t.Caption == "Latest on the timeline");
        Assert.Contains("INV-1001", forFinance.Rows[0][2]);
        Assert.Equal(["fourth note", "third note"], forFinance.Rows.Skip(1).Select(r => r[2]));

        // Shared into #sales, the card is cut to the channel: no invoice entry, whoever shares it.
        await h.AskInChannelAsync("max@example.com", "C0SALES", "share acme");
        await using var db = h.Context();
        var shared = await db.Outbox.SingleAsync(o => o.Purpose == "share");
        Assert.DoesNotContain("INV-1001", shared.ReplyJson);
        Assert.Contains("fourth note", shared.ReplyJson);
    }
}
