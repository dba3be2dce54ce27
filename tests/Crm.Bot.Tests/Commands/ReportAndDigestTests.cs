using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

public sealed class ReportAndDigestTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Report_IsPrivate_AndAtTheAskersPermissions()
    {
        var finance = await _h.AskInChannelAsync("fiona@example.com", "C0SALES", "report overdue");
        Assert.Equal(ReplyVisibility.Private, finance.Visibility);
        Assert.Contains("INV-1001", finance.ToJson());

        var manager = await _h.AskAsync("max@example.com", "report overdue");
        Assert.DoesNotContain("INV-1001", manager.ToJson());
        Assert.Contains("12,500", manager.ToJson());

        var support = await _h.AskAsync("sam@example.com", "report pipeline");
        Assert.Equal(ReplyTone.Denied, support.Tone);
        Assert.Contains("commercial", support.FallbackText);
    }

    [Fact]
    public async Task DigestAdd_IsValidatedStoredAndListed_WithoutAScheduler()
    {
        var bad = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline weekly someday 09:00");
        Assert.Equal(ReplyTone.Error, bad.Tone);

        var added = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline weekly mon 09:00 Europe/Berlin");
        Assert.Equal(ReplyTone.Success, added.Tone);
        Assert.Contains("Scheduling is not running on this host", added.FallbackText);
        await using (var db = _h.Db())
        {
            var digest = await db.Digests.SingleAsync();
            Assert.Equal((DigestKind.Pipeline, "Europe/Berlin"), (digest.Kind, digest.TimeZone));
        }

        var list = await _h.AskInChannelAsync("ava@example.com", "C0SALES", "digest list");
        Assert.Contains("pipeline", list.ToJson());
        var run = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest run 1");
        Assert.Contains("scheduling is not running", run.FallbackText);
        Assert.Equal(ReplyTone.Denied, (await _h.AskAsync("fiona@example.com", "digest remove 1")).Tone);
        Assert.Equal(ReplyTone.Success, (await _h.AskAsync("max@example.com", "digest remove 1")).Tone);
    }

    [Fact]
    public async Task DigestAdd_RefusesAChannelWhoseClearanceShowsNothingOfTheReport()
    {
        var reply = await _h.AskInChannelAsync("eve@example.com", "C0GENERAL", "digest add overdue daily 08:00");
        Assert.Equal(ReplyTone.Denied, reply.Tone);
        Assert.Contains("clearance shows nothing", reply.FallbackText);
    }
}
