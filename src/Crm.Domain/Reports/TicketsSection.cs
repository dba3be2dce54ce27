using Crm.Domain.Replies;
using Crm.Domain.Tickets;

namespace Crm.Domain.Reports;

internal static class TicketsSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(TicketsReport r, ReportView view, ReportAudience a)
    {
        var C = (Func<int, string>)ReportReplyBuilder.Count;
        var N = ReportReplyBuilder.Counted;
        if (view == ReportView.Segments)
            return ($"{N(r.OpenCount, "open ticket", "open tickets")}.", [ReportReplyBuilder.SegmentTable("Open tickets by customer segment", r.BySegment)]);

        var window = ReportReplyBuilder.Window(r);
        var summary = $"{N(r.OpenCount, "open ticket", "open tickets")}, {C(r.BreachedCount)} past {(r.BreachedCount == 1 ? "its" : "their")} SLA; " +
                      $"{C(r.OpenedSince)} opened and {C(r.ResolvedSince)} resolved {window}.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Open", C(r.OpenCount)),
                new("Past their SLA", C(r.BreachedCount)),
                new($"Newly past their SLA {window}", C(r.BreachedSince)),
                new($"Opened {window}", C(r.OpenedSince)),
                new($"Resolved {window}", C(r.ResolvedSince)),
            ]),
            new TableBlock("Open tickets by priority", ["Priority", "Open"],
                Enum.GetValues<TicketPriority>().Reverse()
                    .Select(p => (IReadOnlyList<string>)[p.ToString().ToLowerInvariant(), C(r.OpenByPriority.GetValueOrDefault(p))]).ToList()),
        };
        // A support summary is counts only: subjects and customers are the records behind them.
        if (view == ReportView.Full)
        {
            if (r.Breached.Count > 0) blocks.Add(Table($"SLA breaches ({C(r.BreachedCount)})", r.Breached, a, r.BreachedCount));
            if (r.Oldest.Count > 0) blocks.Add(Table("Oldest open tickets", r.Oldest, a, r.OpenCount));
        }
        return (summary, blocks);
    }

    private static TableBlock Table(string caption, IReadOnlyList<TicketLine> tickets, ReportAudience a, int total) =>
        new(caption, ["Ticket", "Customer", "Priority", "Opened", "SLA due"],
            tickets.Select(t => (IReadOnlyList<string>)
            [
                $"{t.TicketId} {t.Subject}", $"{t.CustomerId} {t.CustomerName}", t.Priority.ToString().ToLowerInvariant(),
                ReportReplyBuilder.Format(t.OpenedAt, a), ReportReplyBuilder.Format(t.SlaDueAt, a),
            ]).ToList(),
            ReportReplyBuilder.More(total, tickets.Count));
}
