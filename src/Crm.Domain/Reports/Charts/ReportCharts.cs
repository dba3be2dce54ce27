using Crm.Domain.Access;
using Crm.Domain.Digests;
using Crm.Domain.Tickets;

namespace Crm.Domain.Reports.Charts;

/// <summary>
/// The chart of each report kind, from the report at the view its audience may see (the same view
/// <see cref="ReportReplyBuilder"/> renders the text at): a segments-only audience gets the segment counts,
/// health appears only where the text shows it. A kind gets a chart by a case here.
/// </summary>
public static class ReportCharts
{
    public static ReportChart? For(ReportResult report, ReportView view, ReportAudience audience)
    {
        if (view == ReportView.None || report.IsEmpty) return null;
        var chart = view == ReportView.Segments
            ? Segments(report)
            : report switch
            {
                PipelineReport p => Amounts("Deal amounts by stage", p.ByStage.Select(s => (s.Stage.ToString().ToLowerInvariant(), s.Amount))),
                TicketsReport t => Tickets(t),
                RenewalsReport r => Renewals(r, audience),
                OverdueReport o => Amounts("Overdue amounts by days overdue", o.Aging.Select(b => (b.Label, b.Amount))),
                QualityReport q => new ReportChart("Data quality gaps", "Count",
                    ["without owner", "without industry", "duplicate groups", "stale deals"],
                    [new ChartSeries("Count", [q.MissingOwnerCount, q.MissingIndustryCount, q.DuplicateGroupCount, q.StaleDealCount])]),
                _ => null,
            };
        return chart is { Categories.Count: > 0 } ? chart : null;
    }

    private static ReportChart Segments(ReportResult report) =>
        new($"{report.Kind.Title()} by customer segment", "Count", report.BySegment.Select(s => s.Segment).ToList(),
            [new ChartSeries("Count", report.BySegment.Select(s => (double)s.Count).ToList())]);

    /// <summary>One series per currency: reports never add different currencies together.</summary>
    private static ReportChart Amounts(string title, IEnumerable<(string Category, IReadOnlyList<Money> Amount)> rows)
    {
        var list = rows.ToList();
        var currencies = list.SelectMany(r => r.Amount).Select(m => m.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        if (currencies.Count == 0) currencies.Add("");
        return new ReportChart(title, "Amount", list.Select(r => r.Category).ToList(),
            currencies.Select(c => new ChartSeries(c, list.Select(r => (double)r.Amount.Where(m => m.Currency == c).Sum(m => m.Amount)).ToList(), c)).ToList());
    }

    private static ReportChart Tickets(TicketsReport t)
    {
        var priorities = Enum.GetValues<TicketPriority>().Reverse().ToList();
        return new ReportChart("Open tickets by priority", "Tickets", priorities.Select(p => p.ToString().ToLowerInvariant()).ToList(),
        [
            new ChartSeries("open", priorities.Select(p => (double)t.OpenByPriority.GetValueOrDefault(p)).ToList()),
            new ChartSeries("past SLA", priorities.Select(p => (double)t.BreachedByPriority.GetValueOrDefault(p)).ToList()),
        ]);
    }

    private static ReportChart Renewals(RenewalsReport r, ReportAudience audience)
    {
        var series = new List<ChartSeries> { new("renewals", r.ByMonth.Select(m => (double)m.Count).ToList()) };
        // Health is support data: only where the text shows it (RenewalsSection).
        if (audience.Classes.HasFlag(FieldClass.SupportSummary))
            series.Add(new($"at risk (health < {RenewalsReport.AtRiskBelow})", r.ByMonth.Select(m => (double)m.AtRisk).ToList()));
        return new ReportChart("Renewals by month", "Renewals", r.ByMonth.Select(m => m.Label).ToList(), series);
    }
}
