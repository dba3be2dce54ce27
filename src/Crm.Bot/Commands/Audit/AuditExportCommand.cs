using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Audit;

/// <summary>Writes the audit trail since a date to a CSV file; from the command line only, because it writes a local file.</summary>
public sealed class AuditExportCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("audit", "export", "audit export --since <date> <file.csv>",
        "export the audit trail to CSV (command line only)", ["audit export --since 2026-11-01 audit.csv"], [Permission.ExportAudit]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ExportAudit, "export the audit trail");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (context.Request.Platform != Platform.Cli)
            return ReplyKit.Problem("The audit export writes a file on the server, so it runs only from the command line: `dotnet run --project src/Crm.Bot -- audit export --since 2026-11-01 audit.csv`.");
        var since = args.IndexOf("--since");
        if (since < 0 || since + 1 >= args.Count)
            return ReplyKit.Usage(Descriptor, "From which date?");
        var from = Dates.ParseDate(args.Word(since + 1)!, context.Today);
        var file = args.Slice(0).Where((t, i) => i != since && i != since + 1).Select(t => t.Text).ToList();
        if (file.Count != 1 || !file[0].EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return ReplyKit.Usage(Descriptor, "Name one file ending in .csv.");
        var path = Path.GetFullPath(file[0]);

        var fromAt = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var count = await AuditCsv.WriteAsync(context.Db, fromAt, path, ct);
        context.Audit(AuditAction.Export, detail: $"{count} audit rows since {ReplyKit.Date(from)} to {path}");
        return Reply.Text($"Exported {count} audit rows since {ReplyKit.Date(from)} to {path}.", ReplyTone.Success);
    }
}
