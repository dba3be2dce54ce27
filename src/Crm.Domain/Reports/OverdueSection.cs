using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class OverdueSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(OverdueReport r, ReportView view, ReportAudience a)
    {
        var C = ReportReplyBuilder.Count;
        if (view == ReportView.Segments)
            return ($"{C(r.Count)} overdue invoices.", [ReportReplyBuilder.SegmentTable("Overdue invoices by customer segment", r.BySegment)]);

        var summary = $"{C(r.Count)} overdue invoices totalling {Money.Format(r.Total)}; {C(r.NewlyOverdueSince)} newly overdue, " +
                      $"{C(r.PaidSince)} paid since the last digest.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Overdue invoices", C(r.Count)),
                new("Overdue total", Money.Format(r.Total)),
                new("Newly overdue since", C(r.NewlyOverdueSince)),
                new("Paid since", $"{C(r.PaidSince)} ({Money.Format(r.PaidSinceAmount)})"),
            ]),
            new TableBlock("By days overdue", ["Overdue by", "Invoices", "Amount"],
                r.Aging.Select(b => (IReadOnlyList<string>)[b.Label, C(b.Count), Money.Format(b.Amount)]).ToList()),
        };
        // A financial summary is totals only; invoice numbers and customers are the records behind them.
        if (view == ReportView.Full && r.Largest.Count > 0)
        {
            blocks.Add(new TableBlock("Largest overdue invoices", ["Invoice", "Customer", "Amount", "Due", "Days overdue"],
                r.Largest.Select(i => (IReadOnlyList<string>)
                [
                    i.InvoiceId, $"{i.CustomerId} {i.CustomerName}", i.Amount.ToString(), ReportReplyBuilder.Date(i.DueOn), C(i.DaysOverdue),
                ]).ToList()));
        }
        return (summary, blocks);
    }
}
