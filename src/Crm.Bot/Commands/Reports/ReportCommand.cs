using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Crm.Domain.Reports.Exports;

namespace Crm.Bot.Commands.Reports;

/// <summary>
/// A report now, only to the asker, at the asker's own permissions (the same queries digests use),
/// optionally narrowed by filters (<see cref="ReportFilterParser"/>; a filter never shows more than the asker's role
/// allows); with a trailing <c>csv</c> or <c>xlsx</c> as a file sent to the asker privately, made from what the report shows them.
/// </summary>
public sealed class ReportCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("report", null, $"report <{string.Join("|", ReportKinds.All.Select(k => k.Name()))}> [region X] [segment X] [owner me|@person] [since YYYY-MM-DD] [until YYYY-MM-DD] [csv|xlsx]",
        "a report now, only to you (csv or xlsx: as a file)", ["report pipeline", "report pipeline region EMEA owner me since 2026-10-01", "report pipeline csv"], [Permission.RunReports]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.RunReports, "run reports");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        args = ReportFormatWord.Strip(args, out var format);
        if (args.Count < 1 || !ReportKinds.TryParse(args.Word(0), out var kind))
            return ReplyKit.Usage(Descriptor, args.Count == 0 ? "Which report?" : $"Reports are {ReportKinds.AllNames}.");
        var reads = context.Principal.Reads;
        if (ReportReplyBuilder.ViewFor(kind, reads) == ReportView.None)
        {
            var decision = AccessPolicy.CanRead(context.Principal, kind.RequiredClass(), $"the {kind.Name()} report");
            context.Audit(AuditAction.Denial, detail: decision.Reason, outcome: AuditOutcome.Denied);
            return ReplyKit.Denied(decision.Reason!);
        }
        var (filter, problem) = await ReportFilterParser.ParseAsync(context, args.Slice(1), ct);
        if (filter is null) return ReplyKit.Usage(Descriptor, problem);
        var report = await new ReportQueries(context.Db, context.Clock).RunAsync(kind, null, filter, ct);
        var what = filter.IsEmpty ? $"report {kind.Name()}" : $"report {kind.Name()} {filter.ToWords()}";
        var audience = new ReportAudience(context.Principal.Email!, reads, ReplyVisibility.Private, context.TimeZone);
        var shown = ReportReplyBuilder.Build(report, audience) with { Visibility = ReplyVisibility.Private };
        if (format is not { } f)
        {
            context.Audit(AuditAction.View, detail: what);
            return shown;
        }
        // The file is made from the reply at the asker's clearance: it holds nothing the reply does not show.
        if (ReportExport.Build(shown, kind, f, report.GeneratedAt, audience.Name) is not { } export)
        {
            context.Audit(AuditAction.View, detail: $"{what} (nothing to export)");
            return shown;
        }
        context.Audit(AuditAction.Export, detail: $"{what} {f.ToString().ToLowerInvariant()}: {export.Files![0].Name}");
        return export;
    }
}
