using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reports;

internal static class QualityQuery
{
    public static async Task<QualityReport> RunAsync(CrmDbContext db, ReportWindow w, CancellationToken ct)
    {
        var customers = db.Customers.AsNoTracking().Filter(w.Filter);
        var noOwner = customers.Where(c => c.OwnerEmail == null);
        var noIndustry = customers.Where(c => c.Industry == null || c.Industry == "");

        var noOwnerCount = await noOwner.CountAsync(ct);
        var noOwnerList = await Lines(noOwner, ct);
        var noIndustryCount = await noIndustry.CountAsync(ct);
        var noIndustryList = await Lines(noIndustry, ct);

        var byDomain = customers.Where(c => c.Domain != null)
            .GroupBy(c => c.Domain!)
            .Where(g => g.Count() > 1)
            .Select(g => new { Value = g.Key, Count = g.Count() });
        var byName = customers
            .GroupBy(c => c.NameKey)
            .Where(g => g.Count() > 1)
            .Select(g => new { Value = g.Key, Count = g.Count() });
        // One pass per grouping: the groups come back (few in a tended CRM) and are counted and ranked here.
        var domainRows = await byDomain.ToListAsync(ct);
        var nameRows = await byName.ToListAsync(ct);
        var domainGroups = domainRows.Count;
        var nameGroups = nameRows.Count;
        var topDomains = domainRows.OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal).Take(ReportQueries.ListLimit).ToList();
        var topNames = nameRows.OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal).Take(ReportQueries.ListLimit).ToList();
        var duplicates = new List<DuplicateGroup>();
        foreach (var g in topDomains)
            duplicates.Add(new DuplicateGroup("domain", g.Value, g.Count, await Members(customers.Where(c => c.Domain == g.Value), ct)));
        foreach (var g in topNames.Take(ReportQueries.ListLimit - Math.Min(duplicates.Count, ReportQueries.ListLimit / 2)))
            duplicates.Add(new DuplicateGroup("name", g.Value, g.Count, await Members(customers.Where(c => c.NameKey == g.Value), ct)));

        var staleBefore = w.Now - QualityReport.StaleAfter;
        var stale = db.Deals.AsNoTracking().Filter(w.Filter)
            .Where(d => d.Stage != DealStage.Won && d.Stage != DealStage.Lost && d.UpdatedAt < staleBefore);
        var staleCount = await stale.CountAsync(ct);
        var staleList = await PipelineQuery.Lines(stale.OrderBy(d => d.UpdatedAt).ThenBy(d => d.Number), ct);

        var newGaps = await customers.CountAsync(c => c.CreatedAt > w.Since &&
            (c.OwnerEmail == null || c.Industry == null || c.Industry == ""), ct);
        var segments = await customers
            .Where(c => c.OwnerEmail == null || c.Industry == null || c.Industry == "")
            .GroupBy(c => c.Segment)
            .Select(g => new { Segment = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return new QualityReport(w.Now, w.Since, ReportMath.Segments(segments.Select(s => (s.Segment, s.Count))),
            noOwnerCount, noOwnerList, noIndustryCount, noIndustryList,
            domainGroups + nameGroups, duplicates.Take(ReportQueries.ListLimit).ToList(), staleCount, staleList, newGaps);
    }

    private static async Task<IReadOnlyList<CustomerLine>> Lines(IQueryable<Customer> query, CancellationToken ct) =>
        (await query.OrderBy(c => c.Number).Take(ReportQueries.ListLimit)
            .Select(c => new { c.Number, c.Name, c.Domain, c.Region, c.OwnerEmail })
            .ToListAsync(ct))
        .Select(c => new CustomerLine(ReportMath.Customer(c.Number), c.Name, c.Domain, c.Region, c.OwnerEmail))
        .ToList();

    private static async Task<IReadOnlyList<string>> Members(IQueryable<Customer> query, CancellationToken ct) =>
        (await query.OrderBy(c => c.Number).Take(5).Select(c => c.Number).ToListAsync(ct))
        .Select(ReportMath.Customer)
        .ToList();
}
