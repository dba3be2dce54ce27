using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Crm.Domain.Reports;

namespace Crm.Bot.Commands.Reports;

/// <summary>A report now, only to the asker, at the asker's own permissions (the same queries digests use).</summary>
public sealed class ReportCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("report", null, $"report <{string.Join("|", ReportKinds.All.Select(k => k.Name()))}>",
        "a report now, only to you", ["report pipeline", "report overdue"], [Permission.RunReports]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.RunReports, "run reports");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count != 1 || !ReportKinds.TryParse(args.Word(0), out var kind))
            return ReplyKit.Usage(Descriptor, args.Count == 0 ? "Which report?" : $"Reports are {ReportKinds.AllNames}.");
        var reads = context.Principal.Reads;
        if (ReportReplyBuilder.ViewFor(kind, reads) == ReportView.None)
        {
            var decision = AccessPolicy.CanRead(context.Principal, kind.RequiredClass(), $"the {kind.Name()} report");
            context.Audit(AuditAction.Denial, detail: decision.Reason, outcome: AuditOutcome.Denied);
            return ReplyKit.Denied(decision.Reason!);
        }
        var report = await new ReportQueries(context.Db, context.Clock).RunAsync(kind, null, ct);
        context.Audit(AuditAction.View, detail: $"report {kind.Name()}");
        var audience = new ReportAudience(context.Principal.Email!, reads, ReplyVisibility.Private, context.TimeZone);
        return ReportReplyBuilder.Build(report, audience) with { Visibility = ReplyVisibility.Private };
    }
}
