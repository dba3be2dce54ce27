using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Demo;
using Crm.Domain.Digests;
using Crm.Domain.Invoices;
using Crm.Domain.Reports;
using Crm.Domain.Tickets;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Domain.Tests.Reports;

/// <summary>
/// Filtered reports over the generated demo set (200 customers and their deals, tickets and invoices) on
/// both stores. The expected numbers are computed here from the seeded rows with LINQ to objects, never
/// by the report queries, so a filter applied wrongly in SQL (or not at all) shows as a different number.
/// </summary>
public sealed class ReportFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly DateTimeOffset Since = Now - ReportQueries.DefaultWindow;

    public static TheoryData<string> Stores => [TestStore.Postgres, TestStore.Sqlite];

    private static readonly ReportFilter[] Filters =
    [
        new(Region: "EMEA"),
        new(Region: "EMEA", Segment: "Enterprise"),
        new(Owner: "max@example.com"),
        new(Segment: "SMB", Since: new DateOnly(2026, 10, 1), Until: new DateOnly(2026, 12, 31)),
        new(Region: "APAC", Owner: "kenji.sato@example.com", Since: new DateOnly(2025, 1, 1)),
        new(Region: "AMER", Until: new DateOnly(2026, 12, 6)),
    ];

    private sealed record Rows(List<Customer> Customers, List<Deal> Deals, List<Ticket> Tickets, List<Invoice> Invoices)
    {
        public Customer Of(long customerId) => Customers.Single(c => c.Id == customerId);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EveryReportKind_CountsOnlyTheFilteredRecords(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var time = new FakeTimeProvider(Now);
        await using (var seed = store.CreateContext())
            await new DemoSeeder(seed, time).SeedAsync(200, DemoSeeder.DefaultSeed, null, CancellationToken.None);

        Rows rows;
        await using (var db = store.CreateContext())
            rows = new Rows(await db.Customers.AsNoTracking().ToListAsync(), await db.Deals.AsNoTracking().ToListAsync(),
                await db.Tickets.AsNoTracking().ToListAsync(), await db.Invoices.AsNoTracking().ToListAsync());

        var narrowedSomething = 0;
        foreach (var filter in Filters)
        {
            await using var db = store.CreateContext();
            var queries = new ReportQueries(db, time);
            var because = $"{provider}, {filter.ToWords()}";

            // Pipeline: deals of the filter (customer region/segment, deal owner, close date in the period).
            var deals = rows.Deals.Where(d => Keeps(filter, rows.Of(d.CustomerId), d.OwnerEmail, d.CloseDate)).ToList();
            var open = deals.Where(d => !d.Stage.IsClosed()).ToList();
            var pipeline = (PipelineReport)await queries.RunAsync(DigestKind.Pipeline, null, filter, default);
            Assert.Equal(filter, pipeline.Filter);
            Assert.True(open.Count == pipeline.OpenCount, because);
            Assert.Equal(open.GroupBy(d => d.Stage).OrderBy(g => g.Key).Select(g => (g.Key, g.Count(), g.Sum(d => d.Amount))),
                pipeline.ByStage.Select(s => (s.Stage, s.Count, s.Amount.Sum(m => m.Amount))));
            Assert.True(open.Count(d => d.CloseDate < Today) == pipeline.SlippingCount, because);
            Assert.True(deals.Count(d => d.StageChangedAt > Since && d.StageChangedAt > d.CreatedAt) == pipeline.MovesSince, because);
            Assert.True(deals.Count(d => d.CreatedAt > Since) == pipeline.CreatedSince, because);
            Assert.Equal(open.GroupBy(d => rows.Of(d.CustomerId).Segment ?? "(none)").ToDictionary(g => g.Key, g => g.Count()),
                pipeline.BySegment.ToDictionary(s => s.Segment, s => s.Count));

            // Renewals: open deals of customers (lifecycle customer) closing in the next 60 days, within the filter.
            var renewals = open.Where(d => d.CloseDate >= Today && d.CloseDate <= Today.AddDays(ReportQueries.RenewalWindowDays) &&
                                           rows.Of(d.CustomerId).Lifecycle == LifecycleStage.Customer).ToList();
            var renewalReport = (RenewalsReport)await queries.RunAsync(DigestKind.Renewals, null, filter, default);
            Assert.True(renewals.Count == renewalReport.Count, because);
            Assert.True(renewals.Count(d => rows.Of(d.CustomerId).HealthScore < RenewalsReport.AtRiskBelow) == renewalReport.AtRiskCount, because);

            // Tickets: customer region/segment/owner, opened within the period (UTC days).
            var tickets = rows.Tickets.Where(t => Keeps(filter, rows.Of(t.CustomerId), rows.Of(t.CustomerId).OwnerEmail, DateOnly.FromDateTime(t.OpenedAt.UtcDateTime))).ToList();
            var openTickets = tickets.Where(t => t.IsOpen).ToList();
            var ticketReport = (TicketsReport)await queries.RunAsync(DigestKind.Tickets, null, filter, default);
            Assert.True(openTickets.Count == ticketReport.OpenCount, because);
            Assert.True(openTickets.Count(t => t.SlaDueAt < Now) == ticketReport.BreachedCount, because);
            Assert.True(tickets.Count(t => t.OpenedAt > Since) == ticketReport.OpenedSince, because);
            Assert.True(tickets.Count(t => t.ResolvedAt > Since) == ticketReport.ResolvedSince, because);

            // Overdue: customer region/segment/owner, due within the period.
            var invoices = rows.Invoices.Where(i => Keeps(filter, rows.Of(i.CustomerId), rows.Of(i.CustomerId).OwnerEmail, i.DueOn)).ToList();
            var overdue = invoices.Where(i => i.IsOverdue(Today)).ToList();
            var overdueReport = (OverdueReport)await queries.RunAsync(DigestKind.Overdue, null, filter, default);
            Assert.True(overdue.Count == overdueReport.Count, because);
            Assert.Equal(overdue.Sum(i => i.Amount), overdueReport.Total.Sum(m => m.Amount));
            Assert.True(invoices.Count(i => i.PaidAt > Since) == overdueReport.PaidSince, because);

            // Quality: customers by their own region/segment/owner and creation day; stale deals as the pipeline's.
            var customers = rows.Customers.Where(c => Keeps(filter, c, c.OwnerEmail, DateOnly.FromDateTime(c.CreatedAt.UtcDateTime))).ToList();
            var quality = (QualityReport)await queries.RunAsync(DigestKind.Quality, null, filter, default);
            Assert.True(customers.Count(c => c.OwnerEmail is null) == quality.MissingOwnerCount, because);
            Assert.True(customers.Count(c => string.IsNullOrEmpty(c.Industry)) == quality.MissingIndustryCount, because);
            Assert.True(open.Count(d => d.UpdatedAt < Now - QualityReport.StaleAfter) == quality.StaleDealCount, because);

            if (open.Count > 0 && open.Count < rows.Deals.Count(d => !d.Stage.IsClosed()) && overdue.Count < rows.Invoices.Count(i => i.IsOverdue(Today)))
                narrowedSomething++;
        }
        // The filters really narrow the demo data (and the set is not empty), so the equalities above can fail.
        Assert.True(narrowedSomething >= 4, $"only {narrowedSomething} filters narrowed the demo set to something");
    }

    private static bool Keeps(ReportFilter f, Customer customer, string? owner, DateOnly? date) =>
        (f.Region is null || customer.Region == f.Region) &&
        (f.Segment is null || customer.Segment == f.Segment) &&
        (f.Owner is null || owner == f.Owner) &&
        (f.Since is null || (date is { } d1 && d1 >= f.Since)) &&
        (f.Until is null || (date is { } d2 && d2 <= f.Until));

    [Fact]
    public void TheStoredForm_RoundTrips_AndNoFilterStoresNothing()
    {
        var filter = new ReportFilter("EMEA", "Mid-Market", "max@example.com", new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31));
        Assert.Equal(filter, ReportFilter.FromJson(filter.ToJson()));
        Assert.Null(ReportFilter.None.ToJson());
        Assert.Equal(ReportFilter.None, ReportFilter.FromJson(null));
        Assert.Equal("region EMEA segment Mid-Market owner max@example.com since 2026-10-01 until 2026-12-31", filter.ToWords());
        Assert.Equal("region EMEA · segment Mid-Market · deal owner max@example.com · deal close date 2026-10-01 to 2026-12-31",
            filter.Describe(DigestKind.Pipeline));
    }
}
