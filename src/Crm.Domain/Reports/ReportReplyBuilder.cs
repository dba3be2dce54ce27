using System.Globalization;
using Crm.Domain.Access;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports.Charts;

namespace Crm.Domain.Reports;

/// <summary>
/// Turns a computed report into a neutral <see cref="Reply"/> for one audience. This is the one place
/// that decides how much of a report an audience may see: records need the report's field class,
/// support and financial summaries get counts and totals, segment-level aggregates get counts per segment.
/// </summary>
public static class ReportReplyBuilder
{
    public static ReportView ViewFor(DigestKind kind, FieldClass audience)
    {
        var aggregates = audience.HasFlag(FieldClass.Aggregates) ? ReportView.Segments : ReportView.None;
        return kind switch
        {
            DigestKind.Pipeline or DigestKind.Renewals => audience.HasFlag(FieldClass.Commercial) ? ReportView.Full : aggregates,
            DigestKind.Tickets => audience.HasFlag(FieldClass.Support) ? ReportView.Full
                : audience.HasFlag(FieldClass.SupportSummary) ? ReportView.Summary : aggregates,
            DigestKind.Overdue => audience.HasFlag(FieldClass.Financial) ? ReportView.Full
                : audience.HasFlag(FieldClass.FinancialSummary) ? ReportView.Summary : aggregates,
            _ => audience.HasFlag(FieldClass.Basic) ? ReportView.Full : aggregates,
        };
    }

    public static Reply Build(ReportResult report, ReportAudience audience)
    {
        var view = ViewFor(report.Kind, audience.Classes);
        var redaction = Redaction(report.Kind, view, audience);
        if (view == ReportView.None)
        {
            var denied = $"The {report.Kind.Name()} report is not shown to {audience.Name}: it needs {ClassName(report.Kind.RequiredClass())} data, " +
                         $"and {audience.Name} may read {Classes(audience.Classes)}.";
            return Reply.Text(denied, ReplyTone.Denied) with { Visibility = audience.Visibility, Redaction = redaction };
        }

        var heading = $"{report.Kind.Title()} · {Format(report.GeneratedAt, audience)}";
        if (report.IsEmpty)
        {
            var line = $"{report.Kind.Title()}{Filtered(report)}: nothing to report {Changes(report, audience)}.";
            return Reply.Text(line) with { Visibility = audience.Visibility, Redaction = redaction };
        }

        var (summary, blocks) = report switch
        {
            PipelineReport p => PipelineSection.Render(p, view, audience),
            TicketsReport t => TicketsSection.Render(t, view, audience),
            RenewalsReport r => RenewalsSection.Render(r, view, audience),
            OverdueReport o => OverdueSection.Render(o, view, audience),
            QualityReport q => QualitySection.Render(q, view, audience),
            _ => throw new ArgumentOutOfRangeException(nameof(report), report.GetType().Name, "Unknown report."),
        };
        var all = new List<ReplyBlock> { new HeadingBlock(heading) };
        if (!report.Filter.IsEmpty) all.Add(new ContextBlock($"Filtered: {report.Filter.Describe(report.Kind)}"));
        var files = new List<ReplyFile>();
        if (ReportCharts.For(report, view, audience) is { } chart)
        {
            // Drawn from the report at this audience's view, like the text beside it.
            var alt = chart.AltText();
            var png = ReplyFile.Create($"{report.Kind.Name()}-chart.png", "image/png", ChartImage.Png(chart), ReplyFileKind.Chart, alt) with { Audience = audience.Name };
            files.Add(png);
            all.Add(new ImageBlock(png.Id, chart.Title, alt));
        }
        all.AddRange(blocks);
        all.Add(new ContextBlock($"Changes {Changes(report, audience)} · shown for {audience.Name}" +
                                 (view == ReportView.Full ? "" : $" ({Describe(view)})")));
        return new Reply
        {
            Visibility = audience.Visibility,
            FallbackText = $"{report.Kind.Title()}{Filtered(report)}: {summary}",
            Blocks = all,
            Redaction = redaction,
            Files = files.Count > 0 ? files : null,
        };
    }

    internal static string Format(DateTimeOffset at, ReportAudience audience) => audience.Times.Moment(at);

    /// <summary>" (filtered: region EMEA · …)" after a title, or nothing for an unfiltered report.</summary>
    private static string Filtered(ReportResult report) =>
        report.Filter.IsEmpty ? "" : $" (filtered: {report.Filter.Describe(report.Kind)})";

    /// <summary>
    /// The window "changes" cover, short enough to end a label or a clause: "since the last digest" when
    /// there was one, otherwise the real window ("in the last 7 days"), never a digest that did not happen.
    /// </summary>
    internal static string Window(ReportResult report)
    {
        if (report.SinceLastDigest) return "since the last digest";
        var span = report.GeneratedAt - report.Since;
        if (span.Ticks % TimeSpan.TicksPerDay == 0 && span.Days >= 1)
            return span.Days == 1 ? "in the last day" : $"in the last {span.Days} days";
        var hours = Math.Max(1, (int)Math.Round(span.TotalHours));
        return hours == 1 ? "in the last hour" : $"in the last {hours} hours";
    }

    /// <summary>The window with the instant it starts, for a line of its own ("in the last 7 days (since 2026-11-19 11:00 UTC)").</summary>
    internal static string Changes(ReportResult report, ReportAudience audience) =>
        report.SinceLastDigest
            ? $"since the last digest ({Format(report.Since, audience)})"
            : $"{Window(report)} (since {Format(report.Since, audience)})";

    internal static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    internal static string Count(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A count with its noun in the right number: "1 open deal", "3 open deals".</summary>
    internal static string Counted(int n, string one, string many) => $"{Count(n)} {(n == 1 ? one : many)}";

    /// <summary>How many records a capped list leaves out (0 when it shows them all).</summary>
    internal static int More(int total, int shown) => Math.Max(0, total - shown);

    internal static ReplyBlock SegmentTable(string caption, IReadOnlyList<SegmentCount> segments) =>
        new TableBlock(caption, ["Segment", "Count"], segments.Select(s => (IReadOnlyList<string>)[s.Segment, Count(s.Count)]).ToList());

    private static string Describe(ReportView view) => view switch
    {
        ReportView.Segments => "segment counts only",
        ReportView.Summary => "counts and totals only",
        _ => "",
    };

    private static Redaction? Redaction(DigestKind kind, ReportView view, ReportAudience audience)
    {
        var hidden = new List<string>();
        if (view != ReportView.Full) hidden.Add(ClassName(kind.RequiredClass()));
        // The quality report lists stale deals, which are commercial records.
        if (kind == DigestKind.Quality && view == ReportView.Full && !audience.Classes.HasFlag(FieldClass.Commercial))
            hidden.Add(ClassName(FieldClass.Commercial));
        if (hidden.Count == 0) return null;
        return new Redaction(audience.Name, ClassNames(audience.Classes), hidden,
            $"{audience.Name} may read {Classes(audience.Classes)}; the hidden parts need {string.Join(" and ", hidden)}.");
    }

    private static readonly (FieldClass Class, string Name)[] Names =
    [
        (FieldClass.Basic, "basic"), (FieldClass.Contact, "contact"), (FieldClass.Commercial, "commercial"),
        (FieldClass.Support, "support"), (FieldClass.SupportSummary, "support summary"),
        (FieldClass.Financial, "financial"), (FieldClass.FinancialSummary, "financial summary"),
        (FieldClass.Aggregates, "segment-level aggregates"),
    ];

    internal static string ClassName(FieldClass c) => Names.First(n => n.Class == c).Name;

    private static IReadOnlyList<string> ClassNames(FieldClass classes)
    {
        var result = new List<string>();
        foreach (var (c, name) in Names)
        {
            if (!classes.HasFlag(c)) continue;
            // "support" already includes its summary; name the summary only when it stands alone.
            if (c == FieldClass.SupportSummary && classes.HasFlag(FieldClass.Support)) continue;
            if (c == FieldClass.FinancialSummary && classes.HasFlag(FieldClass.Financial)) continue;
            result.Add(name);
        }
        return result;
    }

    private static string Classes(FieldClass classes) => ClassNames(classes) is { Count: > 0 } names ? string.Join(", ", names) : "nothing";
}
