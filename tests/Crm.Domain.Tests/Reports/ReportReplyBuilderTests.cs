using Crm.Domain.Access;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Crm.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Reports;

/// <summary>What each audience sees of each report, against the scenario on the real database.</summary>
public sealed class ReportReplyBuilderTests : IAsyncLifetime
{
    private const FieldClass SalesRep = FieldClass.Basic | FieldClass.Contact | FieldClass.Commercial | FieldClass.SupportSummary;
    private const FieldClass SalesManager = SalesRep | FieldClass.FinancialSummary;
    private const FieldClass SupportAgent = FieldClass.Basic | FieldClass.Contact | FieldClass.Support;
    private const FieldClass FinanceAnalyst = FieldClass.Basic | FieldClass.Commercial | FieldClass.Financial;
    private const FieldClass Marketing = FieldClass.Basic | FieldClass.Aggregates;

    private PostgresDatabase _database = null!;
    private readonly Dictionary<DigestKind, ReportResult> _reports = [];

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var seed = _database.CreateContext()) ReportScenario.Seed(seed);
        await using var db = _database.CreateContext();
        var queries = new ReportQueries(db, new FakeTimeProvider(ReportScenario.Now));
        foreach (var kind in ReportKinds.All)
            _reports[kind] = await queries.RunAsync(kind, ReportScenario.Since, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private string Render(DigestKind kind, FieldClass classes, string name = "#channel") =>
        ReportReplyBuilder.Build(_reports[kind], new ReportAudience(name, classes, ReplyVisibility.Channel)).ToJson();

    [Fact]
    public void OverdueDigest_InFinanceChannel_ListsTheInvoices()
    {
        var json = Render(DigestKind.Overdue, FinanceAnalyst);
        Assert.Contains("INV-1001", json);
        Assert.Contains("12,500 USD", json);
        Assert.Contains("Acme Corporation", json);
        Assert.DoesNotContain("\"redaction\"", json);
    }

    [Fact]
    public void OverdueDigest_InSalesChannel_IsRefusedWithoutLeakingAFigure()
    {
        var reply = ReportReplyBuilder.Build(_reports[DigestKind.Overdue], new ReportAudience("#sales", SalesRep, ReplyVisibility.Channel));
        Assert.Equal(ReplyTone.Denied, reply.Tone);
        Assert.Contains("needs financial data", reply.FallbackText);
        var json = reply.ToJson();
        Assert.DoesNotContain("INV-", json);
        Assert.DoesNotContain("12,500", json);
        Assert.DoesNotContain("13,500", json);
        Assert.Equal(["financial"], reply.Redaction!.HiddenClasses);
    }

    [Fact]
    public void OverdueReport_ForAFinancialSummary_ShowsTotalsButNoInvoices()
    {
        var json = Render(DigestKind.Overdue, SalesManager, "max");
        Assert.Contains("13,500 USD", json);
        Assert.DoesNotContain("INV-", json);
        Assert.DoesNotContain("Acme", json);
    }

    [Fact]
    public void TicketsDigest_ForASupportSummary_IsCountsOnly()
    {
        var json = Render(DigestKind.Tickets, SalesRep, "#sales");
        Assert.Contains("3 open tickets, 2 past their SLA", json);
        Assert.DoesNotContain("T-2001", json);
        Assert.DoesNotContain("Invoices export fails", json);
        Assert.DoesNotContain("Globex", json);
    }

    [Fact]
    public void TicketsDigest_InSupportChannel_ListsBreachesAndOldest()
    {
        var json = Render(DigestKind.Tickets, SupportAgent, "Support");
        Assert.Contains("T-2001 Invoices export fails", json);
        Assert.Contains("SLA breaches (2)", json);
        Assert.Contains("Oldest open tickets", json);
    }

    [Fact]
    public void PipelineDigest_ForMarketing_IsSegmentCountsOnly()
    {
        var reply = ReportReplyBuilder.Build(_reports[DigestKind.Pipeline], new ReportAudience("#marketing", Marketing, ReplyVisibility.Channel));
        var json = reply.ToJson();
        Assert.Contains("Open deals by customer segment", json);
        Assert.Contains("SMB", json);
        Assert.DoesNotContain("48,000", json);
        Assert.DoesNotContain("Acme renewal", json);
        Assert.DoesNotContain("D-1001", json);
        Assert.Equal("Pipeline: 3 open deals.", reply.FallbackText);
        Assert.Equal(["commercial"], reply.Redaction!.HiddenClasses);
    }

    [Fact]
    public void PipelineDigest_InSalesChannel_ShowsStagesMovesAndSlipping()
    {
        var reply = ReportReplyBuilder.Build(_reports[DigestKind.Pipeline], new ReportAudience("#sales", SalesRep, ReplyVisibility.Channel));
        Assert.Equal("Pipeline: 3 open deals worth 68,000 USD + 10,000 EUR; 2 stage moves since the last digest; 1 deal slipping past its close date.",
            reply.FallbackText);
        var tables = reply.Blocks.OfType<TableBlock>().ToList();
        Assert.Equal(["Open deals by stage", "Stage moves since the last digest (2)", "Slipping past close date (1)"], tables.Select(t => t.Caption));
        Assert.Equal(["negotiate", "1", "48,000 USD"], tables[0].Rows[2]);
        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        Assert.Null(reply.Redaction);
    }

    [Fact]
    public void RenewalsDigest_ShowsHealthOnlyToAudiencesThatMayReadSupportData()
    {
        var sales = ReportReplyBuilder.Build(_reports[DigestKind.Renewals], new ReportAudience("#sales", SalesRep, ReplyVisibility.Channel));
        var salesTable = sales.Blocks.OfType<TableBlock>().Single();
        Assert.Equal("Health", salesTable.Columns[^1]);
        Assert.Equal(["62", "40"], salesTable.Rows.Select(r => r[^1]));

        var finance = ReportReplyBuilder.Build(_reports[DigestKind.Renewals], new ReportAudience("Finance", FinanceAnalyst, ReplyVisibility.Channel));
        Assert.DoesNotContain("Health", finance.Blocks.OfType<TableBlock>().Single().Columns);
        Assert.DoesNotContain("at risk", finance.FallbackText);
    }

    [Fact]
    public void QualityDigest_InAnUnboundChannel_CountsStaleDealsWithoutNamingThem()
    {
        var reply = ReportReplyBuilder.Build(_reports[DigestKind.Quality], new ReportAudience("#general", FieldClass.Basic, ReplyVisibility.Channel));
        var json = reply.ToJson();
        Assert.Contains("C-2001 Globex Ltd", json);
        Assert.Contains("globex.example", json);
        Assert.DoesNotContain("D-2001", json);
        Assert.DoesNotContain("10,000", json);
        Assert.Equal(["commercial"], reply.Redaction!.HiddenClasses);
        Assert.Contains("1 stale deal.", reply.FallbackText);
    }

    [Fact]
    public void EmptyReport_SaysSoInOneLine()
    {
        var empty = new PipelineReport(ReportScenario.Now, ReportScenario.Since, [], [], 0, [], 0, 0, [], []);
        var reply = ReportReplyBuilder.Build(empty, new ReportAudience("#sales", SalesRep, ReplyVisibility.Channel, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")));
        Assert.Equal("Pipeline: nothing to report in the last 7 days (since 2026-11-19 11:00 Europe/Berlin).", reply.FallbackText);
        Assert.IsType<TextBlock>(Assert.Single(reply.Blocks));
    }

    [Theory]
    [InlineData("pipeline", true)]
    [InlineData("Overdue", true)]
    [InlineData("3", false)]
    [InlineData("sales", false)]
    public void ReportKinds_ParseByName(string text, bool ok) => Assert.Equal(ok, ReportKinds.TryParse(text, out _));

    [Fact]
    public void ReportKinds_NameTheClassEachNeeds()
    {
        Assert.Equal(FieldClass.Commercial, DigestKind.Pipeline.RequiredClass());
        Assert.Equal(FieldClass.Financial, DigestKind.Overdue.RequiredClass());
        Assert.False(DigestKind.Overdue.CanSeeAnything(SalesRep));
        Assert.True(DigestKind.Overdue.CanSeeAnything(SalesManager));
        Assert.True(DigestKind.Tickets.CanSeeAnything(Marketing));
    }
}
