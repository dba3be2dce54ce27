using Crm.Domain.Replies;
using Crm.Domain.Tickets;

namespace Crm.Domain.Reports;

internal static class TicketsSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(TicketsReport r, ReportView view, ReportAudience a)
    {
        var C = ReportReplyBuilder.Count;
        if (view == ReportView.Segments)
            return ($"{C(r.OpenCount)} open tickets.", [ReportReplyBuilder.SegmentTable("Open tickets by customer segment", r.BySegment)]);

        var summary = $"{C(r.OpenCount)} open tickets, {C(r.BreachedCount)} past their SLA; {C(r.OpenedSince)} opened and " +
                      $"{C(r.ResolvedSince)} resolved since the last digest.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Open", C(r.OpenCount)),
                new("SLA breached", C(r.BreachedCount)),
                new("Newly breached since", C(r.BreachedSince)),
                new("Opened since", C(r.OpenedSince)),
                new("Resolved since", C(r.ResolvedSince)),
            ]),
            new TableBlock("Open tickets by priority", ["Priority", "Open"],
                Enum.GetValues<TicketPriority>().Reverse()
                    .Select(p => (IReadOnlyList<string>)[p.ToString().ToLowerInvariant(), C(r.OpenByPriority.GetValueOrDefault(p))]).ToList()),
        };
        // A support summary is counts only: subjects and customers are the records behind them.
        if (view == ReportView.Full)
        {
            if (r.Breached.Count > 0) blocks.Add(Table($"SLA breaches ({C(r.BreachedCount)})", r.Breached, a));
            if (r.Oldest.Count > 0) blocks.Add(Table("Oldest open tickets", r.Oldest, a));
        }
        return (summary, blocks);
    }

    private static TableBlock Table(string caption, IReadOnlyList<TicketLine> tickets, ReportAudience a) =>
        new(caption, ["Ticket", "Customer", "Priority", "Opened", "SLA due"],
            tickets.Select(t => (IReadOnlyList<string>)
            [
                $"{t.TicketId} {t.Subject}", $"{t.CustomerId} {t.CustomerName}", t.Priority.ToString().ToLowerInvariant(),
                ReportReplyBuilder.Format(t.OpenedAt, a), ReportReplyBuilder.Format(t.SlaDueAt, a),
            ]).ToList());
}
