using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

internal static class PipelineSection
{
    public static (string Summary, IReadOnlyList<ReplyBlock> Blocks) Render(PipelineReport r, ReportView view, ReportAudience a)
    {
        var C = (Func<int, string>)ReportReplyBuilder.Count;
        var N = ReportReplyBuilder.Counted;
        if (view == ReportView.Segments)
            return ($"{N(r.OpenCount, "open deal", "open deals")}.", [ReportReplyBuilder.SegmentTable("Open deals by customer segment", r.BySegment)]);

        // Labels are whole phrases: the value beside them is a count, never the object of "since".
        var window = ReportReplyBuilder.Window(r);
        var open = ReportMath.Amounts(r.ByStage.SelectMany(s => s.Amount).Select(m => (m.Currency, m.Amount)));
        var summary = $"{N(r.OpenCount, "open deal", "open deals")} worth {Money.Format(open)}; {N(r.MovesSince, "stage move", "stage moves")} {window}; " +
                      $"{N(r.SlippingCount, "deal", "deals")} slipping past {(r.SlippingCount == 1 ? "its" : "their")} close date.";
        var blocks = new List<ReplyBlock>
        {
            new FieldsBlock(
            [
                new("Open deals", C(r.OpenCount)),
                new("Open amount", Money.Format(open)),
                new($"Stage moves {window}", C(r.MovesSince)),
                new($"New deals {window}", C(r.CreatedSince)),
                new("Slipping past close date", $"{C(r.SlippingCount)} ({Money.Format(r.SlippingAmount)})"),
            ]),
            new TableBlock("Open deals by stage", ["Stage", "Deals", "Amount"],
                r.ByStage.Select(s => (IReadOnlyList<string>)[s.Stage.ToString().ToLowerInvariant(), C(s.Count), Money.Format(s.Amount)]).ToList()),
        };
        if (r.RecentMoves.Count > 0)
            blocks.Add(DealTable($"Stage moves {window} ({C(r.MovesSince)})", r.RecentMoves, a, moved: true, r.MovesSince));
        if (r.Slipping.Count > 0)
            blocks.Add(DealTable($"Slipping past close date ({C(r.SlippingCount)})", r.Slipping, a, moved: false, r.SlippingCount));
        return (summary, blocks);
    }

    /// <param name="total">How many such deals there are in all; the table says how many it leaves out.</param>
    internal static TableBlock DealTable(string caption, IReadOnlyList<DealLine> deals, ReportAudience a, bool moved, int total) =>
        new(caption, ["Deal", "Customer", "Stage", "Amount", moved ? "Moved" : "Close date"],
            deals.Select(d => (IReadOnlyList<string>)
            [
                $"{d.DealId} {d.Name}", $"{d.CustomerId} {d.CustomerName}", d.Stage.ToString().ToLowerInvariant(), d.Amount.ToString(),
                moved ? ReportReplyBuilder.Format(d.At, a) : ReportReplyBuilder.Date(d.CloseDate),
            ]).ToList(),
            ReportReplyBuilder.More(total, deals.Count));
}
