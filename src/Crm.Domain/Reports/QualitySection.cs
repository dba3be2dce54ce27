using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class QualitySection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(QualityReport r, ReportView view, ReportAudience a)
    {
        var C = ReportReplyBuilder.Count;
        if (view == ReportView.Segments)
            return ($"{C(r.MissingOwnerCount)} customers without owner, {C(r.MissingIndustryCount)} without industry.",
                [ReportReplyBuilder.SegmentTable("Customers with gaps by segment", r.BySegment)]);

        var summary = $"{C(r.MissingOwnerCount)} customers without owner, {C(r.MissingIndustryCount)} without industry, " +
                      $"{C(r.DuplicateGroupCount)} likely duplicate groups, {C(r.StaleDealCount)} stale deals.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Without owner", C(r.MissingOwnerCount)),
                new("Without industry", C(r.MissingIndustryCount)),
                new("Likely duplicates", C(r.DuplicateGroupCount)),
                new($"Stale deals (no change in {QualityReport.StaleAfter.TotalDays:0} days)", C(r.StaleDealCount)),
                new("New gaps since", C(r.NewGapsSince)),
            ]),
        };
        if (r.MissingOwner.Count > 0) blocks.Add(Customers("Customers without owner", r.MissingOwner));
        if (r.MissingIndustry.Count > 0) blocks.Add(Customers("Customers without industry", r.MissingIndustry));
        if (r.Duplicates.Count > 0)
        {
            blocks.Add(new TableBlock("Likely duplicates", ["Same", "Value", "Customers", "Examples"],
                r.Duplicates.Select(d => (IReadOnlyList<string>)[d.SharedBy, d.Value, C(d.Count), string.Join(", ", d.CustomerIds)]).ToList()));
        }
        // Deals are commercial records: a basic-only audience sees how many are stale, not which.
        if (r.StaleDeals.Count > 0 && a.Classes.HasFlag(FieldClass.Commercial))
            blocks.Add(PipelineSection.DealTable("Stale deals", r.StaleDeals, a, moved: true) with { Columns = ["Deal", "Customer", "Stage", "Amount", "Last change"] });
        return (summary, blocks);
    }

    private static TableBlock Customers(string caption, IReadOnlyList<CustomerLine> customers) =>
        new(caption, ["Customer", "Domain", "Region", "Owner"],
            customers.Select(c => (IReadOnlyList<string>)[$"{c.CustomerId} {c.Name}", c.Domain ?? "—", c.Region ?? "—", c.Owner ?? "—"]).ToList());
}
