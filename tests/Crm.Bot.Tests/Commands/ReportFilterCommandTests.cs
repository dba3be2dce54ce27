using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>
/// `report … <filters>` and `digest add … <filters>` through the real pipeline on PostgreSQL, with the demo's
/// fixed records (Acme, EMEA, Enterprise, owned by ava) and one AMER customer of max's added here.
/// </summary>
public sealed class ReportFilterCommandTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await PipelineHarness.CreateAsync();
        await using var db = _h.Db();
        var initech = new Customer(3001, "Initech", "initech.example", "AMER", "max@example.com")
        {
            Segment = "Mid-Market", Lifecycle = LifecycleStage.Customer, CreatedAt = PipelineHarness.Start.AddDays(-50), UpdatedAt = PipelineHarness.Start.AddDays(-50),
        };
        db.Customers.Add(initech);
        await db.SaveChangesAsync();
        var deal = new Deal(3001, initech.Id, "Initech rollout", 7_000m, "USD", new DateOnly(2026, 12, 15), "max@example.com")
        {
            CreatedAt = PipelineHarness.Start.AddDays(-20), UpdatedAt = PipelineHarness.Start.AddDays(-20),
        };
        deal.Seat(DealStage.Propose, PipelineHarness.Start.AddDays(-20));
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("report pipeline region EMAE", "'EMAE' is not a region any customer has; regions are AMER, EMEA")]
    [InlineData("report pipeline segment Huge", "'Huge' is not a segment any customer has; segments are Enterprise, Mid-Market")]
    [InlineData("report pipeline since 2026-13-01", "'2026-13-01' is not a date for `since`; write it as YYYY-MM-DD")]
    [InlineData("report pipeline until 1/12/2026", "'1/12/2026' is not a date for `until`; write it as YYYY-MM-DD")]
    [InlineData("report pipeline since 2026-12-31 until 2026-10-01", "`since 2026-12-31` is after `until 2026-10-01`")]
    [InlineData("report pipeline owner @nobody", "owner: I do not know anyone called '@nobody'")]
    [InlineData("report pipeline region EMEA region AMER", "`region` is given twice")]
    [InlineData("report pipeline owner", "`owner` needs a value, e.g. `owner me` or `owner @max`")]
    [InlineData("report pipeline region owner me", "`region` needs a value")]
    [InlineData("report pipeline colour red", "'colour' is not a filter")]
    public async Task BadFilters_AreRefused_SayingWhatWasWrongAndHowToWriteIt(string command, string expected)
    {
        var reply = await _h.AskAsync("max@example.com", command);
        Assert.Equal(ReplyTone.Error, reply.Tone);
        Assert.Contains(expected, reply.FallbackText);
        Assert.Contains("Usage: `report <pipeline|", reply.FallbackText);
    }

    [Fact]
    public async Task AFilteredReport_CountsOnlyItsRecords_AndSaysWhichFiltersApplied()
    {
        var all = await _h.AskAsync("max@example.com", "report pipeline");
        Assert.StartsWith("Pipeline: 2 open deals worth 55,000 USD", all.FallbackText);

        // Any order, values matched ignoring case and shown as stored, `owner @max` resolved as every command resolves a person.
        var amer = await _h.AskAsync("max@example.com", "report pipeline owner @max until 2026-12-31 region amer");
        Assert.StartsWith("Pipeline (filtered: region AMER · deal owner max@example.com · deal close date until 2026-12-31): 1 open deal worth 7,000 USD", amer.FallbackText);
        Assert.Contains(amer.Blocks.OfType<ContextBlock>(), b => b.Text == "Filtered: region AMER · deal owner max@example.com · deal close date until 2026-12-31");
        Assert.DoesNotContain("Acme", amer.ToJson());

        var mine = await _h.AskAsync("ava@example.com", "report pipeline owner me segment Enterprise");
        Assert.StartsWith("Pipeline (filtered: segment Enterprise · deal owner ava@example.com): 1 open deal worth 48,000 USD", mine.FallbackText);

        var none = await _h.AskAsync("max@example.com", "report pipeline region AMER since 2027-01-01");
        Assert.StartsWith("Pipeline (filtered: region AMER · deal close date from 2027-01-01): nothing to report", none.FallbackText);

        await using var db = _h.Db();
        Assert.Contains(await db.Audit.Select(a => a.Detail).ToListAsync(), d => d == "report pipeline region AMER owner max@example.com until 2026-12-31");
    }

    [Fact]
    public async Task AFilter_NeverShowsMoreThanTheRoleMay()
    {
        // Support may not read the pipeline; a filter does not change that.
        var support = await _h.AskAsync("sam@example.com", "report pipeline region EMEA");
        Assert.Equal(ReplyTone.Denied, support.Tone);
        // Marketing sees segment counts only, filtered or not: no deal, customer or amount.
        var marketing = await _h.AskAsync("mia@example.com", "report pipeline region AMER");
        Assert.StartsWith("Pipeline (filtered: region AMER): 1 open deal.", marketing.FallbackText);
        var json = marketing.ToJson();
        Assert.DoesNotContain("Initech", json);
        Assert.DoesNotContain("7,000", json);
        // A manager sees the overdue summary, not the invoices, with a filter too.
        var overdue = await _h.AskAsync("max@example.com", "report overdue region EMEA");
        Assert.DoesNotContain("INV-1001", overdue.ToJson());
        Assert.Contains("12,500", overdue.ToJson());
    }

    [Fact]
    public async Task ADigest_StoresItsFilters_AndListsThem()
    {
        var added = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline weekly mon 09:00 Europe/Berlin region EMEA owner @ava");
        Assert.Equal(ReplyTone.Success, added.Tone);
        Assert.Contains("every Monday at 09:00 (Europe/Berlin), filtered: region EMEA · deal owner ava@example.com.", added.FallbackText);
        var plain = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest add tickets daily 08:00");
        Assert.Equal(ReplyTone.Success, plain.Tone);

        await using (var db = _h.Db())
        {
            var digests = await db.Digests.OrderBy(d => d.Id).ToListAsync();
            Assert.Equal(2, digests.Count);
            Assert.Equal(new ReportFilter(Region: "EMEA", Owner: "ava@example.com"), ReportFilter.FromJson(digests[0].Filters));
            Assert.Equal(("weekly mon 09:00", "Europe/Berlin"), (digests[0].Schedule, digests[0].TimeZone));
            Assert.Null(digests[1].Filters);
        }

        var list = await _h.AskInChannelAsync("ava@example.com", "C0SALES", "digest list");
        var rows = list.Blocks.OfType<TableBlock>().Single();
        Assert.Equal("Filters", rows.Columns[3]);
        Assert.Equal("region EMEA owner ava@example.com", rows.Rows[0][3]);
        Assert.Equal("none", rows.Rows[1][3]);

        // A bad filter stores nothing.
        var bad = await _h.AskInChannelAsync("max@example.com", "C0SALES", "digest add pipeline weekly mon 09:00 region Mars");
        Assert.Equal(ReplyTone.Error, bad.Tone);
        Assert.Contains("'Mars' is not a region any customer has", bad.FallbackText);
        await using var check = _h.Db();
        Assert.Equal(2, await check.Digests.CountAsync());
        Assert.Equal(DigestKind.Pipeline, (await check.Digests.OrderBy(d => d.Id).FirstAsync()).Kind);
    }
}
