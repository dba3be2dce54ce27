using Crm.Domain.Access;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Crm.Domain.Reports.Charts;
using Crm.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Reports;

/// <summary>Every report's chart against the hand-counted scenario, on both stores: a real PNG of the chart's size, alt text with the report's numbers.</summary>
public sealed class ReportChartTests
{
    public static readonly TheoryData<string> Stores = [TestStore.Postgres, TestStore.Sqlite];

    private static readonly Dictionary<DigestKind, string> FullAltText = new()
    {
        [DigestKind.Pipeline] = "Deal amounts by stage. qualify: 0 EUR, 20,000 USD; propose: 10,000 EUR, 0 USD; negotiate: 0 EUR, 48,000 USD.",
        [DigestKind.Tickets] = "Open tickets by priority. urgent: open 1, past SLA 1; high: open 1, past SLA 0; normal: open 1, past SLA 1; low: open 0, past SLA 0.",
        [DigestKind.Renewals] = "Renewals by month. 2026-12: renewals 2, at risk (health < 50) 1.",
        [DigestKind.Overdue] = "Overdue amounts by days overdue. 1–30 days: 0 EUR, 13,500 USD; 31–60 days: 0 EUR, 0 USD; 61–90 days: 0 EUR, 0 USD; over 90 days: 3,000 EUR, 0 USD.",
        [DigestKind.Quality] = "Data quality gaps. without owner: 1; without industry: 1; duplicate groups: 1; stale deals: 1.",
    };

    private static async Task<Dictionary<DigestKind, ReportResult>> ReportsAsync(TestStore store)
    {
        await using (var seed = store.CreateContext()) ReportScenario.Seed(seed);
        await using var db = store.CreateContext();
        var queries = new ReportQueries(db, new FakeTimeProvider(ReportScenario.Now));
        var reports = new Dictionary<DigestKind, ReportResult>();
        foreach (var kind in ReportKinds.All) reports[kind] = await queries.RunAsync(kind, ReportScenario.Since, CancellationToken.None);
        return reports;
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EveryReport_CarriesAPngChart_WhoseAltTextHoldsTheReportsNumbers(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var reports = await ReportsAsync(store);
        Assert.Equal(ReportKinds.All.Count, FullAltText.Count);
        foreach (var kind in ReportKinds.All)
        {
            var reply = ReportReplyBuilder.Build(reports[kind], new ReportAudience("#all", FieldClass.All, ReplyVisibility.Channel));
            var image = Assert.Single(reply.Blocks.OfType<ImageBlock>());
            var file = Assert.Single(reply.Files!);
            Assert.Equal((image.FileId, ReplyFileKind.Chart, "image/png"), (file.Id, file.Kind, file.MediaType));
            Assert.Equal($"{kind.Name()}-chart.png", file.Name);
            Assert.Equal((ChartImage.Width, ChartImage.Height), PngHeader.Size(file.Content!));
            Assert.Equal(file.Content!.LongLength, file.Size);
            Assert.Equal(FullAltText[kind], image.AltText);
            Assert.Equal(image.AltText, file.AltText);
        }
    }

    [Fact]
    public async Task ASegmentsOnlyAudience_GetsASegmentChart_WithNoAmounts()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Postgres);
        var reports = await ReportsAsync(store);
        var reply = ReportReplyBuilder.Build(reports[DigestKind.Pipeline],
            new ReportAudience("#marketing", FieldClass.Basic | FieldClass.Aggregates, ReplyVisibility.Channel));
        var image = Assert.Single(reply.Blocks.OfType<ImageBlock>());
        Assert.Equal("Pipeline by customer segment. SMB: 2; Enterprise: 1.", image.AltText);
        Assert.Equal((ChartImage.Width, ChartImage.Height), PngHeader.Size(Assert.Single(reply.Files!).Content!));
    }

    [Fact]
    public async Task Health_IsLeftOutOfTheRenewalsChart_WhereTheAudienceMayNotReadIt()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Postgres);
        var reports = await ReportsAsync(store);
        var reply = ReportReplyBuilder.Build(reports[DigestKind.Renewals],
            new ReportAudience("#finance", FieldClass.Basic | FieldClass.Commercial | FieldClass.Financial, ReplyVisibility.Channel));
        Assert.Equal("Renewals by month. 2026-12: 2.", Assert.Single(reply.Blocks.OfType<ImageBlock>()).AltText);
    }

    [Fact]
    public async Task AnAudienceThatMayNotSeeTheReport_GetsNoChart_AndAnEmptyReportHasNone()
    {
        await using var store = await TestStore.CreateAsync(TestStore.Postgres);
        var reports = await ReportsAsync(store);
        var denied = ReportReplyBuilder.Build(reports[DigestKind.Overdue], new ReportAudience("#support", FieldClass.Basic | FieldClass.Support, ReplyVisibility.Channel));
        Assert.Null(denied.Files);
        Assert.Empty(denied.Blocks.OfType<ImageBlock>());

        await using var empty = await TestStore.CreateAsync(TestStore.Sqlite);
        await using var db = empty.CreateContext();
        var none = await new ReportQueries(db, new FakeTimeProvider(ReportScenario.Now)).RunAsync(DigestKind.Pipeline, null, CancellationToken.None);
        Assert.Null(ReportReplyBuilder.Build(none, new ReportAudience("#all", FieldClass.All, ReplyVisibility.Channel)).Files);
    }

    [Fact]
    public void TheReplysJson_NamesItsFiles_WithoutTheirBytes()
    {
        var file = ReplyFile.Create("x.png", "image/png", [1, 2, 3], ReplyFileKind.Chart, "alt");
        var reply = Reply.Text("t") with { Files = [file], Blocks = [new ImageBlock(file.Id, "T", "alt")] };
        var json = reply.ToJson();
        var back = Reply.FromJson(json);
        var stored = Assert.Single(back.Files!);
        Assert.Equal((file.Id, "x.png", "image/png", 3L, ReplyFileKind.Chart, "alt"), (stored.Id, stored.Name, stored.MediaType, stored.Size, stored.Kind, stored.AltText));
        Assert.Null(stored.Content);
        Assert.DoesNotContain("AQID", json);
        Assert.Equal(file.Id, Assert.IsType<ImageBlock>(Assert.Single(back.Blocks)).FileId);
        Assert.Null(Reply.FromJson(Reply.Text("t").ToJson()).Files);
    }
}
