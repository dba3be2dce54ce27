using Crm.Domain.Deals;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reports;

internal static class PipelineQuery
{
    public static async Task<PipelineReport> RunAsync(CrmDbContext db, ReportWindow w, CancellationToken ct)
    {
        var deals = db.Deals.AsNoTracking().Filter(w.Filter);
        var open = deals.Where(d => d.Stage != DealStage.Won && d.Stage != DealStage.Lost);

        var stageRows = await open
            .GroupBy(d => new { d.Stage, d.Currency })
            .Select(g => new { g.Key.Stage, g.Key.Currency, Count = g.Count(), Amount = g.Sum(d => d.Amount) })
            .ToListAsync(ct);
        var byStage = stageRows
            .GroupBy(r => r.Stage)
            .OrderBy(g => g.Key)
            .Select(g => new StageTotal(g.Key, g.Sum(r => r.Count), ReportMath.Amounts(g.Select(r => (r.Currency, r.Amount)))))
            .ToList();

        // A move is a stage change after the deal was created; a deal seated in its first stage is "created".
        var moves = deals.Where(d => d.StageChangedAt > w.Since && d.StageChangedAt > d.CreatedAt);
        var movesCount = await moves.CountAsync(ct);
        var recentMoves = await Lines(moves.OrderByDescending(d => d.StageChangedAt).ThenBy(d => d.Number), ct);
        var createdSince = await deals.CountAsync(d => d.CreatedAt > w.Since, ct);

        var slipping = open.Where(d => d.CloseDate != null && d.CloseDate < w.Today);
        var slippingRows = await slipping
            .GroupBy(d => d.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Amount = g.Sum(d => d.Amount) })
            .ToListAsync(ct);
        var slippingList = await Lines(slipping.OrderBy(d => d.CloseDate).ThenBy(d => d.Number), ct);

        var segments = await open
            .GroupBy(d => d.Customer!.Segment)
            .Select(g => new { Segment = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return new PipelineReport(w.Now, w.Since, ReportMath.Segments(segments.Select(s => (s.Segment, s.Count))),
            byStage, movesCount, recentMoves, createdSince,
            slippingRows.Sum(r => r.Count), ReportMath.Amounts(slippingRows.Select(r => (r.Currency, r.Amount))), slippingList);
    }

    /// <summary>The first <see cref="ReportQueries.ListLimit"/> deals of an ordered query, with their customer.</summary>
    internal static async Task<IReadOnlyList<DealLine>> Lines(IQueryable<Deal> ordered, CancellationToken ct)
    {
        var rows = await ordered
            .Take(ReportQueries.ListLimit)
            .Select(d => new
            {
                d.Number, d.Name, CustomerNumber = d.Customer!.Number, CustomerName = d.Customer.Name, d.Stage,
                d.Currency, d.Amount, d.CloseDate, d.StageChangedAt, d.UpdatedAt, d.Customer.HealthScore,
            })
            .ToListAsync(ct);
        return rows.Select(r => new DealLine(ReportMath.Deal(r.Number), r.Name, ReportMath.Customer(r.CustomerNumber), r.CustomerName,
                r.Stage, new Money(r.Currency, r.Amount), r.CloseDate, r.StageChangedAt > r.UpdatedAt ? r.StageChangedAt : r.UpdatedAt, r.HealthScore))
            .ToList();
    }
}
