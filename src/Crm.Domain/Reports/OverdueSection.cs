using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class OverdueSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(OverdueReport r, ReportView view, ReportAudience a)
    {
        var C = (Func<int, string>)ReportReplyBuilder.Count;
        var N = ReportReplyBuilder.Counted;
        if (view == ReportView.Segments)
            return ($"{N(r.Count, "overdue invoice", "overdue invoices")}.", [ReportReplyBuilder.SegmentTable("Overdue invoices by customer segment", r.BySegment)]);

        var window = ReportReplyBuilder.Window(r);
        var summary = $"{N(r.Count, "overdue invoice", "overdue invoices")} totalling {Money.Format(r.Total)}; {C(r.NewlyOverdueSince)} newly overdue and " +
                      $"{C(r.PaidSince)} paid {window}.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Overdue invoices", C(r.Count)),
                new("Overdue total", Money.Format(r.Total)),
                new($"Newly overdue {window}", C(r.NewlyOverdueSince)),
                new($"Paid {window}", $"{C(r.PaidSince)} ({Money.Format(r.PaidSinceAmount)})"),
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
                ]).ToList(),
                ReportReplyBuilder.More(r.Count, r.Largest.Count)));
        }
        return (summary, blocks);
    }
}
