using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Digests;
using Crm.Domain.Files;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Crm.Jobs.Digests;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using static Crm.Jobs.Tests.Digests.DigestTestData;

namespace Crm.Jobs.Tests.Digests;

/// <summary>Digest content and exactly-once storage, on the real database with the clock held still.</summary>
public sealed class DigestRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero); // 09:00 in Berlin
    private readonly FakeTimeProvider _time = new(ReportScenario.Now);
    private PostgresDatabase _database = null!;
    private FakePlatformServer _platform = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _platform = await FakePlatformServer.StartAsync();
        _host = JobsTestHost.Build(_database, _platform, new Dictionary<string, string?> { ["Host:Role"] = "chat", ["Outbox:Dispatch"] = "false" }, _time);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<DigestRunOutcome> RunAsync(long id, DateTimeOffset scheduledFor, bool manual = false)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestRunner>().RunAsync(id, scheduledFor, manual, CancellationToken.None);
    }

    private async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Outbox.OrderBy(o => o.Id).ToListAsync();
    }

    [Fact]
    public async Task PipelineDigest_IsStoredOncePerScheduledTime_ForTheChannel()
    {
        long id;
        await using (var db = _database.CreateContext()) { ReportScenario.Seed(db); id = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES"); }

        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, Monday));
        Assert.Equal(DigestRunOutcome.AlreadyDone, await RunAsync(id, Monday));

        var message = Assert.Single(await OutboxAsync());
        Assert.Equal($"digest:{id}:2026-11-23T08:00:00Z", message.IdempotencyKey);
        Assert.Equal((Platform.Slack, "T0DEMO", "C0SALES", OutboxTargetKind.Channel, "digest"),
            (message.Platform, message.Workspace, message.Recipient, message.TargetKind, message.Purpose));
        var reply = Reply.FromJson(message.ReplyJson);
        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        // The first digest has no previous one: it says the window it really covers.
        Assert.Equal("Pipeline: 3 open deals worth 68,000 USD + 10,000 EUR; 2 stage moves in the last 7 days; 1 deal slipping past its close date.",
            reply.FallbackText);
        await using var check = _database.CreateContext();
        Assert.Equal(Monday, (await check.Digests.SingleAsync()).LastRunAt);
    }

    [Fact]
    public async Task ADigest_CarriesItsChart_StoredInTheSameSaveAsItsRow_AtTheChannelsClearance()
    {
        long sales, finance;
        await using (var db = _database.CreateContext())
        {
            ReportScenario.Seed(db);
            sales = await SubscribeAsync(db, DigestKind.Overdue, "C0SALES");
            finance = await SubscribeAsync(db, DigestKind.Overdue, "19:finance@thread.tacv2");
        }
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(sales, Monday));
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(finance, Monday));

        await using var check = _database.CreateContext();
        var rows = await check.Outbox.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        var files = await check.Files.AsNoTracking().ToListAsync();
        // #sales may not read the overdue report at all: no chart. The finance channel gets the aging chart.
        Assert.Null(Reply.FromJson(rows[0].ReplyJson).Files);
        var reply = Reply.FromJson(rows[1].ReplyJson);
        var named = Assert.Single(reply.Files!);
        var stored = Assert.Single(files);
        Assert.Equal((named.Id, "overdue-chart.png", "image/png"), (stored.Id, stored.Name, stored.MediaType));
        Assert.Equal((800, 400), PngHeader.Size(stored.Content));
        Assert.Equal(named.Size, stored.Content.LongLength);
        Assert.Equal(ReplyFiles.Lifetime, stored.ExpiresAt - stored.CreatedAt);
        Assert.Equal("Overdue amounts by days overdue. 1–30 days: 0 EUR, 13,500 USD; 31–60 days: 0 EUR, 0 USD; 61–90 days: 0 EUR, 0 USD; over 90 days: 3,000 EUR, 0 USD.",
            Assert.Single(reply.Blocks.OfType<ImageBlock>()).AltText);
        Assert.Equal(stored.AltText, named.AltText);
    }

    [Fact]
    public async Task NextDigest_ReportsTheChangesSinceThePreviousDigest()
    {
        long id;
        await using (var db = _database.CreateContext()) { ReportScenario.Seed(db); id = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES"); }
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, ReportScenario.Now));

        _time.Advance(TimeSpan.FromDays(1));
        await using (var db = _database.CreateContext())
        {
            var deal = await db.Deals.SingleAsync(d => d.Number == 2002);
            deal.MoveTo(DealStage.Discover, _time.GetUtcNow().AddHours(-2));
            await db.SaveChangesAsync();
        }
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, _time.GetUtcNow()));

        var first = Reply.FromJson((await OutboxAsync())[0].ReplyJson);
        Assert.DoesNotContain("last digest", first.ToJson());
        var second = Reply.FromJson((await OutboxAsync())[1].ReplyJson);
        Assert.Contains("1 stage move since the last digest", second.FallbackText);
        var moves = second.Blocks.OfType<TableBlock>().Single(t => t.Caption!.StartsWith("Stage moves"));
        Assert.Equal("D-2002 Globex renewal", Assert.Single(moves.Rows)[0]);
    }

    [Fact]
    public async Task AFilteredDigest_ReportsOnlyItsRecords_AndSaysWhichFiltersApplied_EvenBesideOthersOfTheSameMinute()
    {
        long amer, smb, all;
        await using (var db = _database.CreateContext())
        {
            ReportScenario.Seed(db);
            amer = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES");
            smb = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES");
            all = await SubscribeAsync(db, DigestKind.Pipeline, "C0SALES");
            (await db.Digests.SingleAsync(d => d.Id == amer)).Filters = new ReportFilter(Region: "AMER").ToJson();
            (await db.Digests.SingleAsync(d => d.Id == smb)).Filters = new ReportFilter(Segment: "SMB").ToJson();
            await db.SaveChangesAsync();
        }
        // Digests of one schedule share their figures within a minute; different filters must not.
        foreach (var id in new[] { amer, smb, all }) Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, Monday));

        var replies = (await OutboxAsync()).Select(o => Reply.FromJson(o.ReplyJson)).ToList();
        Assert.Equal("Pipeline (filtered: region AMER): 0 open deals worth 0; 1 stage move in the last 7 days; 0 deals slipping past their close date.",
            replies[0].FallbackText);
        Assert.Equal("Pipeline (filtered: segment SMB): 2 open deals worth 20,000 USD + 10,000 EUR; 1 stage move in the last 7 days; 1 deal slipping past its close date.",
            replies[1].FallbackText);
        Assert.Equal("Pipeline: 3 open deals worth 68,000 USD + 10,000 EUR; 2 stage moves in the last 7 days; 1 deal slipping past its close date.",
            replies[2].FallbackText);
        Assert.Contains(replies[1].Blocks.OfType<ContextBlock>(), b => b.Text == "Filtered: segment SMB");
        Assert.DoesNotContain("Acme", replies[1].ToJson());
    }

    [Theory]
    [InlineData("C0SALES", false)]
    [InlineData("19:finance@thread.tacv2", true)]
    public async Task OverdueDigest_ShowsInvoicesOnlyWhereTheChannelsClearanceAllows(string channel, bool shows)
    {
        long id;
        await using (var db = _database.CreateContext()) { ReportScenario.Seed(db); id = await SubscribeAsync(db, DigestKind.Overdue, channel); }
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, Monday));

        var json = Assert.Single(await OutboxAsync()).ReplyJson;
        Assert.Equal(shows, json.Contains("INV-1001"));
        Assert.Equal(shows, json.Contains("12,500"));
        if (!shows) Assert.Contains("needs financial data", json);
    }

    [Fact]
    public async Task EmptyDigest_SaysSoInOneLine_OrIsSkippedWhenTheSubscriptionSaysSo()
    {
        long said, skipped;
        await using (var db = _database.CreateContext())
        {
            db.Channels.Add(new ChatChannel { Platform = Platform.Slack, Workspace = "T0DEMO", ExternalId = "C0EMPTY", Name = "empty", Department = Department.Sales });
            await db.SaveChangesAsync();
            said = await SubscribeAsync(db, DigestKind.Tickets, "C0EMPTY");
            skipped = await SubscribeAsync(db, DigestKind.Tickets, "C0EMPTY", skipWhenEmpty: true);
        }

        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(said, Monday));
        Assert.Equal(DigestRunOutcome.SkippedEmpty, await RunAsync(skipped, Monday));
        Assert.Equal(DigestRunOutcome.AlreadyDone, await RunAsync(skipped, Monday));

        var reply = Reply.FromJson(Assert.Single(await OutboxAsync()).ReplyJson);
        Assert.Equal("Tickets: nothing to report in the last 7 days (since 2026-11-19 11:00 Europe/Berlin).", reply.FallbackText);
        Assert.Single(reply.Blocks);
        await using var check = _database.CreateContext();
        Assert.Equal(Monday, (await check.Digests.SingleAsync(d => d.Id == skipped)).LastRunAt);
    }

    [Fact]
    public async Task ManualRun_IsItsOwnMessage_AndLeavesTheScheduleAlone()
    {
        long id;
        await using (var db = _database.CreateContext()) { ReportScenario.Seed(db); id = await SubscribeAsync(db, DigestKind.Quality, "C0GENERAL"); }
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, Monday));
        Assert.Equal(DigestRunOutcome.Stored, await RunAsync(id, ReportScenario.Now, manual: true));
        Assert.Equal(DigestRunOutcome.AlreadyDone, await RunAsync(id, ReportScenario.Now, manual: true));

        var rows = await OutboxAsync();
        Assert.Equal([$"digest:{id}:2026-11-23T08:00:00Z", $"digest:{id}:run:2026-11-26T10:00:00.0000000Z"], rows.Select(r => r.IdempotencyKey));
        Assert.DoesNotContain("D-2001", rows[1].ReplyJson); // #general is unbound: basic only
        await using var check = _database.CreateContext();
        Assert.Equal(Monday, (await check.Digests.SingleAsync()).LastRunAt);
    }

    [Fact]
    public async Task RemovedSubscription_RunsNothing()
    {
        Assert.Equal(DigestRunOutcome.Missing, await RunAsync(4242, Monday));
        Assert.Empty(await OutboxAsync());
    }
}
