using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class QualitySection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(QualityReport r, ReportView view, ReportAudience a)
    {
        var C = (Func<int, string>)ReportReplyBuilder.Count;
        var N = ReportReplyBuilder.Counted;
        if (view == ReportView.Segments)
            return ($"{N(r.MissingOwnerCount, "customer", "customers")} without owner, {C(r.MissingIndustryCount)} without industry.",
                [ReportReplyBuilder.SegmentTable("Customers with gaps by segment", r.BySegment)]);

        var summary = $"{N(r.MissingOwnerCount, "customer", "customers")} without owner, {C(r.MissingIndustryCount)} without industry, " +
                      $"{N(r.DuplicateGroupCount, "likely duplicate group", "likely duplicate groups")}, {N(r.StaleDealCount, "stale deal", "stale deals")}.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Without owner", C(r.MissingOwnerCount)),
                new("Without industry", C(r.MissingIndustryCount)),
                new("Likely duplicate groups", C(r.DuplicateGroupCount)),
                new($"Stale deals (no change in {QualityReport.StaleAfter.TotalDays:0} days)", C(r.StaleDealCount)),
                new($"New customers with gaps {ReportReplyBuilder.Window(r)}", C(r.NewGapsSince)),
            ]),
        };
        if (r.MissingOwner.Count > 0) blocks.Add(Customers("Customers without owner", r.MissingOwner, r.MissingOwnerCount));
        if (r.MissingIndustry.Count > 0) blocks.Add(Customers("Customers without industry", r.MissingIndustry, r.MissingIndustryCount));
        if (r.Duplicates.Count > 0)
        {
            blocks.Add(new TableBlock("Likely duplicates", ["Same", "Value", "Customers", "Examples"],
                r.Duplicates.Select(d => (IReadOnlyList<string>)[d.SharedBy, d.Value, C(d.Count), Examples(d)]).ToList(),
                ReportReplyBuilder.More(r.DuplicateGroupCount, r.Duplicates.Count)));
        }
        // Deals are commercial records: a basic-only audience sees how many are stale, not which.
        if (r.StaleDeals.Count > 0 && a.Classes.HasFlag(FieldClass.Commercial))
            blocks.Add(PipelineSection.DealTable("Stale deals", r.StaleDeals, a, moved: true, r.StaleDealCount) with { Columns = ["Deal", "Customer", "Stage", "Amount", "Last change"] });
        return (summary, blocks);
    }

    /// <summary>The first few customers of a group, and how many more it has.</summary>
    private static string Examples(DuplicateGroup d) =>
        string.Join(", ", d.CustomerIds) + (d.Count > d.CustomerIds.Count ? $" and {ReportReplyBuilder.Count(d.Count - d.CustomerIds.Count)} more" : "");

    private static TableBlock Customers(string caption, IReadOnlyList<CustomerLine> customers, int total) =>
        new(caption, ["Customer", "Domain", "Region", "Owner"],
            customers.Select(c => (IReadOnlyList<string>)[$"{c.CustomerId} {c.Name}", c.Domain ?? "—", c.Region ?? "—", c.Owner ?? "—"]).ToList(),
            ReportReplyBuilder.More(total, customers.Count));
}
