using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

public sealed class NewRecordTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task NewCustomer_IsValidatedAndCreated()
    {
        var reply = await _h.AskAsync("ava@example.com", "new customer \"Globex Ltd\" domain globex.example region emea industry Energy");
        Assert.Equal(ReplyTone.Success, reply.Tone);
        await using var db = _h.Db();
        var globex = await db.Customers.SingleAsync(c => c.Name == "Globex Ltd");
        Assert.Equal(("C-1002", "globex.example", "EMEA", "ava@example.com", "Energy"), (globex.HumanId, globex.Domain, globex.Region, globex.OwnerEmail, globex.Industry));
    }

    [Fact]
    public async Task NewCustomer_WithSameDomainOrSimilarName_ShowsTheLikelyDuplicateFirst()
    {
        var reply = await _h.AskAsync("ava@example.com", "new customer \"ACME Corp\" domain acme.example");
        Assert.Equal(ReplyTone.Warning, reply.Tone);
        var buttons = reply.Blocks.OfType<ActionsBlock>().Single().Buttons;
        Assert.Equal("show C-1001", buttons[0].Command);
        Assert.Equal("new customer \"ACME Corp\" domain acme.example --anyway", buttons[^1].Command);
        Assert.Contains("same domain acme.example", reply.FallbackText);

        Assert.Equal(ReplyTone.Success, (await _h.AskAsync("ava@example.com", buttons[^1].Command)).Tone);
        await using var db = _h.Db();
        Assert.Equal(2, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task NewContact_WithAKnownEmail_ShowsTheDuplicate()
    {
        var reply = await _h.AskAsync("sam@example.com", "new contact acme \"J. Roe\" jane.roe@acme.example");
        Assert.Contains("same e-mail jane.roe@acme.example", reply.FallbackText);
        var ok = await _h.AskAsync("sam@example.com", "new contact acme \"John Doe\" john.doe@acme.example phone +1 555 0199 title CTO");
        Assert.Equal(ReplyTone.Success, ok.Tone);
    }

    [Theory]
    [InlineData("new customer \"Bad\" domain \"not a domain\"", "is not valid")]
    [InlineData("new contact acme \"Pat\" pat@", "not a valid address")]
    [InlineData("new deal acme \"Big\" lots", "amount")]
    [InlineData("new deal acme \"Big\" 1000 close 2020-01-01", "in the past")]
    [InlineData("new customer \"X\" colour blue", "I did not expect 'colour'")]
    public async Task InvalidInput_SaysWhatWasWrong(string command, string expected)
    {
        var reply = await _h.AskAsync("max@example.com", command);
        Assert.NotEqual(ReplyTone.Success, reply.Tone);
        Assert.Contains(expected, reply.FallbackText);
    }

    [Fact]
    public async Task NewDeal_AndTicket_AndTask_AreCreated()
    {
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync("ava@example.com", "new deal acme \"Expansion\" 30k close 2027-03-31")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync("sam@example.com", "ticket acme \"Cannot export\" priority urgent")).Tone);
        await _h.AskAsync("max@example.com", "whoami"); // a due time is the assignee's: Max's zone (Berlin) is known once he has used the bot
        var task = await _h.AskAsync("ava@example.com", "task acme @max call back about renewal due fri 15:00");
        Assert.Contains("Reminders are not running on this host", task.FallbackText);
        await using var db = _h.Db();
        Assert.Equal(30_000m, (await db.Deals.SingleAsync(d => d.Name == "Expansion")).Amount);
        var ticket = await db.Tickets.SingleAsync(t => t.Subject == "Cannot export");
        Assert.Equal(PipelineHarness.Start.AddHours(4), ticket.SlaDueAt);
        var due = (await db.Tasks.SingleAsync()).DueAt;
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero), due); // 15:00 in Europe/Berlin
    }

    [Fact]
    public async Task ConcurrentCreates_EachGetTheirOwnHumanNumber_NoneFails()
    {
        var replies = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            _h.AskAsync("ava@example.com", $"new deal acme \"Parallel {i}\" {i}0k")));

        Assert.All(replies, r => Assert.Equal(ReplyTone.Success, r.Tone));
        await using var db = _h.Db();
        var numbers = await db.Deals.Where(d => d.Name.StartsWith("Parallel")).Select(d => d.Number).ToListAsync();
        Assert.Equal(6, numbers.Distinct().Count());
    }
}
