using System.Globalization;
using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

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
            return ReplyKit.Problem("The audit export writes a file on the server, so it runs only from the command line: `ask --as <admin e-mail> \"audit export --since 2026-11-01 audit.csv\"`.");
        var since = args.IndexOf("--since");
        if (since < 0 || since + 1 >= args.Count)
            return ReplyKit.Usage(Descriptor, "From which date?");
        var from = Dates.ParseDate(args.Word(since + 1)!, context.Today);
        var file = args.Slice(0).Where((t, i) => i != since && i != since + 1).Select(t => t.Text).ToList();
        if (file.Count != 1 || !file[0].EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return ReplyKit.Usage(Descriptor, "Name one file ending in .csv.");
        var path = Path.GetFullPath(file[0]);

        var fromAt = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await context.Db.Audit.AsNoTracking().Where(a => a.At >= fromAt).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        // Actors and details are typed by people: escape anything a spreadsheet would run as a formula.
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape };
        await using (var stream = new StreamWriter(path, append: false))
        {
            using var csv = CsvWriter.Create(stream, options, leaveOpen: true);
            foreach (var header in Header) csv.WriteField(header);
            csv.EndRecord();
            foreach (var a in rows)
            {
                foreach (var value in Fields(a)) csv.WriteField(value);
                csv.EndRecord();
            }
            csv.Flush();
        }
        context.Audit(AuditAction.Export, detail: $"{rows.Count} audit rows since {ReplyKit.Date(from)} to {path}");
        return Reply.Text($"Exported {rows.Count} audit rows since {ReplyKit.Date(from)} to {path}.", ReplyTone.Success);
    }

    private static readonly string[] Header = ["id", "at", "actor", "platform", "workspace", "channel", "command", "action", "record", "customer_id", "outcome", "detail"];

    private static IEnumerable<string> Fields(AuditRecord a) =>
    [
        a.Id.ToString(CultureInfo.InvariantCulture), a.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), a.Actor,
        a.Platform.ToString().ToLowerInvariant(), a.Workspace ?? "", a.Channel ?? "", a.Command, a.Action.ToString().ToLowerInvariant(),
        a.RecordRef ?? "", a.CustomerId?.ToString(CultureInfo.InvariantCulture) ?? "", a.Outcome.ToString().ToLowerInvariant(), a.Detail ?? "",
    ];
}
