using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class PipelineSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(PipelineReport r, ReportView view, ReportAudience a)
    {
        var C = ReportReplyBuilder.Count;
        if (view == ReportView.Segments)
            return ($"{C(r.OpenCount)} open deals.", [ReportReplyBuilder.SegmentTable("Open deals by customer segment", r.BySegment)]);

        var open = ReportMath.Amounts(r.ByStage.SelectMany(s => s.Amount).Select(m => (m.Currency, m.Amount)));
        var summary = $"{C(r.OpenCount)} open deals worth {Money.Format(open)}; {C(r.MovesSince)} moves since the last digest; " +
                      $"{C(r.SlippingCount)} slipping past their close date.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Open deals", C(r.OpenCount)),
                new("Open amount", Money.Format(open)),
                new("Stage moves since", C(r.MovesSince)),
                new("New deals since", C(r.CreatedSince)),
                new("Slipping", $"{C(r.SlippingCount)} ({Money.Format(r.SlippingAmount)})"),
            ]),
            new TableBlock("Open deals by stage", ["Stage", "Deals", "Amount"],
                r.ByStage.Select(s => (IReadOnlyList<string>)[s.Stage.ToString().ToLowerInvariant(), C(s.Count), Money.Format(s.Amount)]).ToList()),
        };
        if (r.RecentMoves.Count > 0)
            blocks.Add(DealTable($"Moves since the last digest ({C(r.MovesSince)})", r.RecentMoves, a, moved: true));
        if (r.Slipping.Count > 0)
            blocks.Add(DealTable($"Slipping past close date ({C(r.SlippingCount)})", r.Slipping, a, moved: false));
        return (summary, blocks);
    }

    internal static TableBlock DealTable(string caption, IReadOnlyList<DealLine> deals, ReportAudience a, bool moved) =>
        new(caption, ["Deal", "Customer", "Stage", "Amount", moved ? "Moved" : "Close date"],
            deals.Select(d => (IReadOnlyList<string>)
            [
                $"{d.DealId} {d.Name}", $"{d.CustomerId} {d.CustomerName}", d.Stage.ToString().ToLowerInvariant(), d.Amount.ToString(),
                moved ? ReportReplyBuilder.Format(d.At, a) : ReportReplyBuilder.Date(d.CloseDate),
            ]).ToList());
}
