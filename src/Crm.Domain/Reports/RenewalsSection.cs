using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class RenewalsSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(RenewalsReport r, ReportView view, ReportAudience a)
    {
        var C = (Func<int, string>)ReportReplyBuilder.Count;
        var N = ReportReplyBuilder.Counted;
        if (view == ReportView.Segments)
            return ($"{N(r.Count, "renewal", "renewals")} due by {ReportReplyBuilder.Date(r.WindowEnd)}.",
                [ReportReplyBuilder.SegmentTable("Renewals by customer segment", r.BySegment)]);

        // Health is support data: shown to audiences with at least the support summary.
        var health = a.Classes.HasFlag(FieldClass.SupportSummary);
        var summary = $"{N(r.Count, "renewal", "renewals")} worth {Money.Format(r.Amount)} due by {ReportReplyBuilder.Date(r.WindowEnd)}" +
                      (health ? $", {C(r.AtRiskCount)} at risk." : ".");
        var fields = new List<ReplyField>
        {
            new("Renewals", C(r.Count)),
            new("Amount", Money.Format(r.Amount)),
            new($"Changed {ReportReplyBuilder.Window(r)}", C(r.ChangedSince)),
        };
        if (health) fields.Add(new($"At risk (health < {RenewalsReport.AtRiskBelow})", C(r.AtRiskCount)));

        var columns = new List<string> { "Deal", "Customer", "Stage", "Amount", "Close date" };
        if (health) columns.Add("Health");
        var rows = r.Renewals.Select(d =>
        {
            var row = new List<string>
            {
                $"{d.DealId} {d.Name}", $"{d.CustomerId} {d.CustomerName}", d.Stage.ToString().ToLowerInvariant(),
                d.Amount.ToString(), ReportReplyBuilder.Date(d.CloseDate),
            };
            if (health) row.Add(d.Health?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—");
            return (IReadOnlyList<string>)row;
        }).ToList();

        return (summary, [new FieldsBlock(fields),
            new TableBlock($"Closing by {ReportReplyBuilder.Date(r.WindowEnd)}", columns, rows, ReportReplyBuilder.More(r.Count, r.Renewals.Count))]);
    }
}
