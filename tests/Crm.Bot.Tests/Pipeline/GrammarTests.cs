using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Pipeline;

/// <summary>Forgiving grammar with precise errors, through the real pipeline.</summary>
public sealed class GrammarTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task UnknownVerb_SuggestsTheClosest()
    {
        var reply = await _h.AskAsync("ava@example.com", "shwo acme");
        Assert.Equal(ReplyTone.Error, reply.Tone);
        Assert.Contains("Did you mean `show`", reply.FallbackText);
    }

    [Fact]
    public async Task MissingArgument_ShowsTheUsageLine()
    {
        var reply = await _h.AskAsync("ava@example.com", "note");
        Assert.Contains("Usage: `note <customer> <text>`", reply.FallbackText);
        var deal = await _h.AskAsync("ava@example.com", "deal D-1001 stage sideways");
        Assert.Contains("qualify, discover, propose, negotiate, won, lost", deal.FallbackText);
    }

    [Fact]
    public async Task AmbiguousCustomer_ListsTheCandidatesAsButtons()
    {
        await _h.AskAsync("ava@example.com", "new customer \"Acme Logistics\" domain acme-logistics.example --anyway");
        var reply = await _h.AskAsync("ava@example.com", "note acme Call went well");
        var buttons = reply.Blocks.OfType<ActionsBlock>().Single().Buttons;
        Assert.Contains(buttons, b => b.Command == "note C-1001 Call went well");
        Assert.Contains(buttons, b => b.Command == "note C-1002 Call went well");
        await using var db = _h.Db();
        Assert.Equal(0, await db.Timeline.CountAsync(t => t.Kind == TimelineKind.Note));
    }

    [Fact]
    public async Task HostileText_IsStoredAsPlainData_AndNeverCrashes()
    {
        const string hostile = "<!channel> <@U0ROOT> *bold* _it_ `code` [x](http://evil.example) <at>Root</at> &amp; </script>";
        var reply = await _h.AskAsync("ava@example.com", $"note C-1001 {hostile}");
        Assert.Equal(ReplyTone.Success, reply.Tone);
        await using var db = _h.Db();
        Assert.Equal(hostile, (await db.Timeline.SingleAsync(t => t.Kind == TimelineKind.Note)).Text);
    }

    [Theory]
    [InlineData("show \u0007acme", "control character")]
    [InlineData("show \"acme", "never closed")]
    [InlineData("   ", "CRM commands")]
    public async Task BadInput_GetsAClearAnswer(string text, string expected)
    {
        var reply = await _h.AskAsync("ava@example.com", text);
        Assert.Contains(expected, reply.ToJson());
    }

    [Fact]
    public async Task VeryLongInput_IsRefused_NotTruncated()
    {
        var reply = await _h.AskAsync("ava@example.com", "note acme " + new string('a', 50_000));
        Assert.Equal(ReplyTone.Error, reply.Tone);
        Assert.Contains("at most 4000", reply.FallbackText);
        Assert.True(reply.ToJson().Length < 2000);
    }

    [Fact]
    public async Task MentionForms_AllResolveToTheSamePerson()
    {
        await _h.SlackAsync("U0SAM", null, "whoami"); // Sam has now been seen on Slack
        foreach (var who in new[] { "<@U0SAM|sam>", "@sam", "sam@example.com" })
            Assert.Equal(ReplyTone.Success, (await _h.AskAsync("ava@example.com", $"task acme {who} check login due tomorrow")).Tone);
        await using var db = _h.Db();
        Assert.Equal(3, await db.Tasks.CountAsync(t => t.AssigneeEmail == "sam@example.com"));
    }

    [Fact]
    public async Task ADisplayName_NeverNamesAPerson()
    {
        // Eve (on Slack) has called herself "Dana"; there is no dana@ mailbox.
        await using (var db = _h.Db())
        {
            db.UserLinks.Add(new Crm.Domain.Identity.ChatUserLink
            {
                Platform = Crm.Domain.Common.Platform.Slack, Workspace = "T0DEMO", ExternalUserId = "U0EVIL", Email = "eve@example.com",
                DisplayName = "Dana", LastSeenAt = PipelineHarness.Start,
            });
            await db.SaveChangesAsync();
        }

        foreach (var who in new[] { "@dana", "<at>Dana</at>", "<at>Sam Support</at>" })
            Assert.Equal(ReplyTone.Error, (await _h.AskAsync("ava@example.com", $"task acme {who} call back due fri")).Tone);
        await using var check = _h.Db();
        Assert.Equal(0, await check.Tasks.CountAsync());
    }

    [Fact]
    public async Task UnknownMention_SaysToUseTheEmail()
    {
        var reply = await _h.AskAsync("ava@example.com", "task acme @dana call back due fri");
        Assert.Equal(ReplyTone.Error, reply.Tone);
        Assert.Contains("use their e-mail", reply.FallbackText);
    }

    [Fact]
    public async Task VerbWithoutItsNoun_ListsTheForms()
    {
        var reply = await _h.AskAsync("max@example.com", "digest");
        Assert.Contains("`digest` needs one of: add, list, remove, run", reply.FallbackText);
    }
}
