using Crm.Domain.Storage;
using Crm.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reports;

internal static class TicketsQuery
{
    public static async Task<TicketsReport> RunAsync(CrmDbContext db, ReportWindow w, CancellationToken ct)
    {
        var tickets = db.Tickets.AsNoTracking().Filter(w.Filter);
        var open = tickets.Where(t => t.Status == TicketStatus.Open || t.Status == TicketStatus.Pending);

        var byPriority = await open
            .GroupBy(t => t.Priority)
            .Select(g => new { Priority = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.Priority, r => r.Count, ct);

        var breached = open.Where(t => t.SlaDueAt < w.Now);
        var breachedByPriority = await breached
            .GroupBy(t => t.Priority)
            .Select(g => new { Priority = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.Priority, r => r.Count, ct);
        var breachedCount = breachedByPriority.Values.Sum();
        var breachedList = await Lines(breached.OrderBy(t => t.SlaDueAt).ThenBy(t => t.Number), ct);
        var oldest = await Lines(open.OrderBy(t => t.OpenedAt).ThenBy(t => t.Number), ct);

        var openedSince = await tickets.CountAsync(t => t.OpenedAt > w.Since, ct);
        var resolvedSince = await tickets.CountAsync(t => t.ResolvedAt != null && t.ResolvedAt > w.Since, ct);
        var breachedSince = await breached.CountAsync(t => t.SlaDueAt > w.Since, ct);

        var segments = await open
            .GroupBy(t => t.Customer!.Segment)
            .Select(g => new { Segment = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return new TicketsReport(w.Now, w.Since, ReportMath.Segments(segments.Select(s => (s.Segment, s.Count))),
            byPriority, breachedCount, breachedList, oldest, openedSince, resolvedSince, breachedSince) { BreachedByPriority = breachedByPriority };
    }

    private static async Task<IReadOnlyList<TicketLine>> Lines(IQueryable<Ticket> ordered, CancellationToken ct)
    {
        var rows = await ordered
            .Take(ReportQueries.ListLimit)
            .Select(t => new
            {
                t.Number, t.Subject, CustomerNumber = t.Customer!.Number, CustomerName = t.Customer.Name,
                t.Priority, t.Status, t.OpenedAt, t.SlaDueAt,
            })
            .ToListAsync(ct);
        return rows.Select(r => new TicketLine(ReportMath.Ticket(r.Number), r.Subject, ReportMath.Customer(r.CustomerNumber),
                r.CustomerName, r.Priority, r.Status, r.OpenedAt, r.SlaDueAt))
            .ToList();
    }
}
