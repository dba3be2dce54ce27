using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Pipeline;

public sealed class IdentityTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Whoami_ExplainsRoleAndWhy()
    {
        var reply = await _h.AskAsync("max@example.com", "whoami");
        Assert.Contains("sales-manager", reply.FallbackText);
        Assert.Contains("your e-mail max@example.com is mapped to sales-manager (region EMEA)", reply.FallbackText);
    }

    [Fact]
    public async Task UnmappedUser_MayRunOnlyHelpAndWhoami_AndIsToldWhomToAsk()
    {
        await using (var db = _h.Db())
        {
            db.RoleMappings.Remove(await db.RoleMappings.SingleAsync(r => r.Match == "mia@example.com"));
            await db.SaveChangesAsync();
        }
        var who = await _h.AskAsync("mia@example.com", "whoami");
        Assert.Contains("Ask your CRM administrator to map you", who.FallbackText);
        Assert.DoesNotContain("root@example.com", who.FallbackText);
        var help = await _h.AskAsync("mia@example.com", "help");
        Assert.Contains("help, whoami", help.FallbackText);
        Assert.DoesNotContain("show", help.FallbackText);
        var show = await _h.AskAsync("mia@example.com", "show acme");
        Assert.Equal(ReplyTone.Denied, show.Tone);
    }

    [Fact]
    public async Task RoleRules_EmailBeatsGroupBeatsDepartment()
    {
        await _h.AskAsync("root@example.com", "admin map department support marketing");
        await _h.AskAsync("root@example.com", "admin unmap email sam@example.com");
        Assert.Contains("marketing", (await _h.AskAsync("sam@example.com", "whoami")).FallbackText);
        await _h.AskAsync("root@example.com", "admin map email sam@example.com executive");
        Assert.Contains("executive", (await _h.AskAsync("sam@example.com", "whoami")).FallbackText);
    }

    [Fact]
    public async Task Identity_IsCachedForTheTtl_AndLinked()
    {
        var directory = (DemoSlackDirectory)_h.Services.GetServices<Crm.Domain.Identity.IDirectory>().Single(d => d.Platform == Platform.Slack);
        await _h.SlackAsync("U0AVA", null, "whoami");
        await _h.SlackAsync("U0AVA", null, "help");
        Assert.Equal(1, directory.Lookups);
        _h.Clock.Advance(TimeSpan.FromMinutes(6));
        await _h.SlackAsync("U0AVA", null, "whoami");
        Assert.Equal(2, directory.Lookups);

        await using var db = _h.Db();
        var link = await db.UserLinks.SingleAsync(l => l.Platform == Platform.Slack);
        Assert.Equal(("U0AVA", "ava@example.com", "T0DEMO"), (link.ExternalUserId, link.Email, link.Workspace));
    }

    [Fact]
    public async Task UnknownPerson_IsNotLinked_WithAClearReason()
    {
        var reply = await _h.SlackAsync("U0NOBODY", null, "whoami");
        Assert.Contains("no e-mail in the workspace profile", reply.FallbackText);
        var cli = await _h.AskAsync("mallory@example.com", "show acme");
        Assert.Equal(ReplyTone.Denied, cli.Tone);
        Assert.Contains("not a known cli user", cli.FallbackText);
    }

    [Fact]
    public async Task UnknownChannel_IsStoredUnbound_AndShowsBasicOnly()
    {
        var reply = await _h.SlackAsync("U0EVE", "C0NEW", "show acme", visibility: ReplyVisibility.Channel);
        Assert.Equal(["basic"], reply.Redaction!.VisibleClasses);
        await using var db = _h.Db();
        var channel = await db.Channels.SingleAsync(c => c.ExternalId == "C0NEW");
        Assert.Null(channel.Department);
    }
}
