using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reports;

internal static class OverdueQuery
{
    private static readonly string[] BucketLabels = ["1–30 days", "31–60 days", "61–90 days", "over 90 days"];

    public static async Task<OverdueReport> RunAsync(CrmDbContext db, ReportWindow w, CancellationToken ct)
    {
        var invoices = db.Invoices.AsNoTracking().Filter(w.Filter);
        var overdue = invoices.Where(i => i.PaidAt == null && i.DueOn < w.Today);
        DateOnly d30 = w.Today.AddDays(-30), d60 = w.Today.AddDays(-60), d90 = w.Today.AddDays(-90);

        // One pass: the age bucket is computed in the database, grouped with the currency.
        var rows = await overdue
            .GroupBy(i => new { Bucket = i.DueOn < d90 ? 3 : i.DueOn < d60 ? 2 : i.DueOn < d30 ? 1 : 0, i.Currency })
            .Select(g => new { g.Key.Bucket, g.Key.Currency, Count = g.Count(), Amount = g.Sum(i => i.Amount) })
            .ToListAsync(ct);
        var aging = Enumerable.Range(0, BucketLabels.Length)
            .Select(b => new AgingBucket(BucketLabels[b], rows.Where(r => r.Bucket == b).Sum(r => r.Count),
                ReportMath.Amounts(rows.Where(r => r.Bucket == b).Select(r => (r.Currency, r.Amount)))))
            .ToList();

        var largest = (await overdue
                .OrderByDescending(i => i.Amount).ThenBy(i => i.DueOn).ThenBy(i => i.Number)
                .Take(ReportQueries.ListLimit)
                .Select(i => new { i.Number, CustomerNumber = i.Customer!.Number, CustomerName = i.Customer.Name, i.Currency, i.Amount, i.DueOn })
                .ToListAsync(ct))
            .Select(r => new InvoiceLine(ReportMath.Invoice(r.Number), ReportMath.Customer(r.CustomerNumber), r.CustomerName,
                new Money(r.Currency, r.Amount), r.DueOn, w.Today.DayNumber - r.DueOn.DayNumber))
            .ToList();

        // An invoice becomes overdue the day after its due date.
        var newlyOverdue = await overdue.CountAsync(i => i.DueOn >= w.SinceDate, ct);
        var paid = await invoices
            .Where(i => i.PaidAt != null && i.PaidAt > w.Since)
            .GroupBy(i => i.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Amount = g.Sum(i => i.Amount) })
            .ToListAsync(ct);

        var segments = await overdue
            .GroupBy(i => i.Customer!.Segment)
            .Select(g => new { Segment = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return new OverdueReport(w.Now, w.Since, ReportMath.Segments(segments.Select(s => (s.Segment, s.Count))),
            rows.Sum(r => r.Count), ReportMath.Amounts(rows.Select(r => (r.Currency, r.Amount))), aging, largest,
            newlyOverdue, paid.Sum(p => p.Count), ReportMath.Amounts(paid.Select(p => (p.Currency, p.Amount))));
    }
}
