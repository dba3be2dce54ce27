using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reports;

internal static class RenewalsQuery
{
    public static async Task<RenewalsReport> RunAsync(CrmDbContext db, ReportWindow w, CancellationToken ct)
    {
        var end = w.Today.AddDays(ReportQueries.RenewalWindowDays);
        // A renewal is an open deal of an existing customer that closes within the window.
        var renewals = db.Deals.AsNoTracking().Filter(w.Filter).Where(d =>
            d.Stage != DealStage.Won && d.Stage != DealStage.Lost &&
            d.CloseDate != null && d.CloseDate >= w.Today && d.CloseDate <= end &&
            d.Customer!.Lifecycle == LifecycleStage.Customer);

        var totals = await renewals
            .GroupBy(d => d.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Amount = g.Sum(d => d.Amount) })
            .ToListAsync(ct);
        var atRisk = await renewals.CountAsync(d => d.Customer!.HealthScore != null && d.Customer.HealthScore < RenewalsReport.AtRiskBelow, ct);
        var list = await PipelineQuery.Lines(renewals.OrderBy(d => d.CloseDate).ThenBy(d => d.Number), ct);
        var changedSince = await renewals.CountAsync(d => d.UpdatedAt > w.Since || d.StageChangedAt > w.Since, ct);

        var months = await renewals
            .GroupBy(d => new { d.CloseDate!.Value.Year, d.CloseDate.Value.Month })
            .Select(g => new
            {
                g.Key.Year, g.Key.Month, Count = g.Count(),
                AtRisk = g.Count(d => d.Customer!.HealthScore != null && d.Customer.HealthScore < RenewalsReport.AtRiskBelow),
            })
            .ToListAsync(ct);

        var segments = await renewals
            .GroupBy(d => d.Customer!.Segment)
            .Select(g => new { Segment = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return new RenewalsReport(w.Now, w.Since, ReportMath.Segments(segments.Select(s => (s.Segment, s.Count))), end,
            totals.Sum(t => t.Count), ReportMath.Amounts(totals.Select(t => (t.Currency, t.Amount))), atRisk, list, changedSince)
        {
            ByMonth = months.OrderBy(m => m.Year).ThenBy(m => m.Month).Select(m => new RenewalMonth(m.Year, m.Month, m.Count, m.AtRisk)).ToList(),
        };
    }
}
