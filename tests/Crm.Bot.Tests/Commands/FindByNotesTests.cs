using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>`find` by what was said: the card or the list says which note matched, at the clearance of whoever reads the answer.</summary>
public sealed class FindByNotesTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<long> CustomerAsync(string name)
    {
        await using var db = _h.Db();
        if (await db.Customers.Where(c => c.Name == name).Select(c => (long?)c.Id).SingleOrDefaultAsync() is { } id) return id;
        var customer = new Customer(2000 + await db.Customers.CountAsync(), name, null, "EMEA", null) { CreatedAt = PipelineHarness.Start, UpdatedAt = PipelineHarness.Start };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    private async Task NoteAsync(string customer, string text, string actor, TimeSpan ago, FieldClass fieldClass = FieldClass.Basic)
    {
        var id = await CustomerAsync(customer);
        await using var db = _h.Db();
        db.Timeline.Add(new TimelineEntry(id, TimelineKind.Note, fieldClass, text, actor, Platform.Slack, null, null, PipelineHarness.Start - ago));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ANoteLoggedWithTheNoteCommand_IsFoundByItsWords_AndTheCardSaysWhy()
    {
        await _h.AskAsync("ava@example.com", "note acme Call went well, wants a demo");
        _h.Clock.Advance(TimeSpan.FromDays(3));

        var reply = await _h.AskAsync("ava@example.com", "find wants a demo");

        Assert.Equal("Acme Corporation (C-1001)", Assert.IsType<HeadingBlock>(reply.Blocks[0]).Text);
        Assert.Equal("Found by a note by ava, 3 days ago: Call went well, wants a demo", Assert.IsType<ContextBlock>(reply.Blocks[1]).Text);
        Assert.Contains("note by ava, 3 days ago", reply.FallbackText);
    }

    [Fact]
    public async Task SeveralCustomers_AreListedWithTheNoteThatMatchedEach()
    {
        await NoteAsync("Acme Corporation", "Pilot starts in January, they want a demo for finance", "ava@example.com", TimeSpan.FromDays(3));
        await NoteAsync("Globex Ltd", "Asked for a demo of the reporting", "sam@example.com", TimeSpan.FromHours(5));
        await NoteAsync("Initech", "Renewal call booked", "ava@example.com", TimeSpan.FromHours(1));

        var reply = await _h.AskAsync("max@example.com", "find demo");

        var table = reply.Blocks.OfType<TableBlock>().Single();
        Assert.Equal(["Id", "Name", "Domain", "Region", "Matched"], table.Columns);
        Assert.Equal(["Globex Ltd", "Acme Corporation"], table.Rows.Select(r => r[1]));
        Assert.Equal("note by sam, 5 hours ago: Asked for a demo of the reporting", table.Rows[0][4]);
        Assert.Equal("note by ava, 3 days ago: Pilot starts in January, they want a demo for finance", table.Rows[1][4]);
        Assert.Contains("Globex Ltd (C-", reply.FallbackText);
        Assert.Contains("note by sam, 5 hours ago", reply.FallbackText);
    }

    [Fact]
    public async Task ANoteOfAClassTheReaderMayNotSee_IsNotFound_NorShown_PrivatelyOrInAChannel()
    {
        await NoteAsync("Acme Corporation", "Budget approved for the expansion", "max@example.com", TimeSpan.FromDays(1), FieldClass.Commercial);

        // A sales rep reads commercial data: the private answer finds it.
        var ava = await _h.AskAsync("ava@example.com", "find budget approved");
        Assert.Contains("Budget approved for the expansion", ava.FallbackText);

        // Marketing does not, and neither does the marketing channel, even when a sales rep posts there.
        foreach (var reply in new[]
                 {
                     await _h.AskAsync("mia@example.com", "find budget approved"),
                     await _h.AskInChannelAsync("ava@example.com", "C0MKT", "find budget approved"),
                 })
        {
            Assert.StartsWith("No customer matches 'budget approved'", reply.FallbackText);
            Assert.DoesNotContain("expansion", reply.ToJson(), StringComparison.OrdinalIgnoreCase);
        }

        // The sales channel is cleared for commercial data.
        var sales = await _h.AskInChannelAsync("ava@example.com", "C0SALES", "find budget approved");
        Assert.Equal(ReplyVisibility.Channel, sales.Visibility);
        Assert.Contains("Budget approved for the expansion", sales.FallbackText);
    }

    [Fact]
    public async Task AnExactName_StillShowsThatCustomersCard_WhateverNotesSay()
    {
        await NoteAsync("Globex Ltd", "Acme Corporation is their competitor", "ava@example.com", TimeSpan.FromDays(1));

        var reply = await _h.AskAsync("ava@example.com", "find acme corporation");

        Assert.Equal("Acme Corporation (C-1001)", Assert.IsType<HeadingBlock>(reply.Blocks[0]).Text);
        Assert.DoesNotContain(reply.Blocks, b => b is ContextBlock c && c.Text.StartsWith("Found by a note", StringComparison.Ordinal));
    }
}
