using System.Text.RegularExpressions;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Commands;

/// <summary>
/// Every time a reply shows is in one zone and says which: the asker's own for private answers (the
/// configured default when their profile has none), the channel's for posts, the digest's for digests.
/// </summary>
public sealed partial class ReplyTimeZoneTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Each "yyyy-MM-dd HH:mm" in the reply is followed by <paramref name="zone"/>, and no other zone is named.</summary>
    internal static void ShowsTimesOnlyIn(Reply reply, string zone)
    {
        var text = reply.ToJson();
        var times = Moment().Matches(text);
        Assert.True(times.Count > 0, $"The reply shows no time at all:\n{text}");
        foreach (Match time in times)
            Assert.True(time.Groups["zone"].Value == zone, $"'{time.Value}' does not name {zone}:\n{text}");
        foreach (var other in new[] { "UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo" }.Where(z => z != zone))
            Assert.DoesNotContain(other, text);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?: (?<zone>UTC|[A-Z][A-Za-z_]+/[A-Za-z_/]+))?")]
    private static partial Regex Moment();

    private async Task TicketForAcmeAsync()
    {
        await using var db = _h.Db();
        var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
        db.Tickets.Add(new Crm.Domain.Tickets.Ticket(1002, acme.Id, "Export is slow", Crm.Domain.Tickets.TicketPriority.High, PipelineHarness.Start.AddHours(-1)));
        await db.SaveChangesAsync();
    }

    private async Task SetChannelZoneAsync(string externalId, string zone)
    {
        await using var db = _h.Db();
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.ExternalId == externalId);
        if (channel is null)
        {
            var demo = DemoDirectory.Channels.Single(c => c.ExternalId == externalId);
            channel = new Crm.Domain.Channels.ChatChannel
            {
                Platform = demo.Platform, Workspace = demo.Workspace, ExternalId = demo.ExternalId, Name = demo.Name, Department = demo.Department,
            };
            db.Channels.Add(channel);
        }
        channel.TimeZone = zone;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ShowCustomer_PrivateAnswer_ShowsTheSlaInTheAskersZone_AndNamesIt()
    {
        await TicketForAcmeAsync();
        var reply = await _h.AskAsync("sam@example.com", "show acme");
        Assert.Contains("Export is slow", reply.ToJson());
        ShowsTimesOnlyIn(reply, "Europe/Berlin");
    }

    [Fact]
    public async Task ShowCustomer_PostedIntoAChannel_UsesTheChannelsZone_NotThePosters()
    {
        await TicketForAcmeAsync();
        await SetChannelZoneAsync("19:support@thread.tacv2", "America/New_York");
        var reply = await _h.AskInChannelAsync("sam@example.com", "19:support@thread.tacv2", "show acme");
        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        ShowsTimesOnlyIn(reply, "America/New_York");
    }

    [Fact]
    public async Task Task_ConfirmsTheDueTime_InTheAskersZone()
    {
        // A typed due time is the assignee's: Max has used the bot, so his zone (Berlin, as Ava's) is known.
        await _h.AskAsync("max@example.com", "whoami");
        var reply = await _h.AskAsync("ava@example.com", "task acme max@example.com call back due fri 14:00");
        Assert.Contains("2026-11-27 14:00 Europe/Berlin", reply.FallbackText);
        ShowsTimesOnlyIn(reply, "Europe/Berlin");
    }

    [Fact]
    public async Task TicketSla_InTheConfirmation_IsInTheAskersZone()
    {
        var reply = await _h.AskAsync("sam@example.com", "ticket acme \"Portal is down\" priority high");
        ShowsTimesOnlyIn(reply, "Europe/Berlin");
    }

    [Fact]
    public async Task DigestAdd_SaysTheNextRun_InTheDigestsOwnZone()
    {
        var reply = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline weekly mon 09:00 Asia/Tokyo");
        Assert.Contains("Next: 2026-11-30 09:00 Asia/Tokyo", reply.FallbackText);
        ShowsTimesOnlyIn(reply, "Asia/Tokyo");
    }

    [Fact]
    public async Task AuditTrail_ShowsWhenInTheAskersZone()
    {
        await _h.AskAsync("ava@example.com", "show acme");
        var reply = await _h.AskAsync("root@example.com", "audit acme");
        ShowsTimesOnlyIn(reply, "Europe/Berlin");
    }

    [Fact]
    public async Task PrivateAnswer_ForSomeoneWithoutAZone_UsesTheConfiguredDefault_AndNamesIt()
    {
        await using var h = await PipelineHarness.CreateAsync(services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Replies:DefaultTimeZone"] = "America/New_York" }).Build());
            services.AddSingleton<IDirectory>(new ZonelessTeamsDirectory());
        });
        await using (var db = h.Db())
        {
            var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            db.Tickets.Add(new Crm.Domain.Tickets.Ticket(1002, acme.Id, "Export is slow", Crm.Domain.Tickets.TicketPriority.High, PipelineHarness.Start.AddHours(-1)));
            await db.SaveChangesAsync();
        }

        foreach (var text in new[] { "show acme", "report tickets" })
        {
            var reply = await h.RunAsync(new Crm.Bot.Pipeline.ChatRequest(Platform.Teams, DemoDirectory.TeamsTenant, null, "sam@example.com", text,
                h.NextKey(), ReplyVisibility.Private));
            ShowsTimesOnlyIn(reply, "America/New_York");
        }
    }

    /// <summary>A Teams directory whose profiles carry no time zone.</summary>
    private sealed class ZonelessTeamsDirectory : IDirectory
    {
        public Platform Platform => Platform.Teams;

        public Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken) =>
            Task.FromResult(DirectoryLookup.Found(DemoDirectory.FindByEmail(userId)!.ToDirectoryUser() with { TimeZone = null }));
    }
}
