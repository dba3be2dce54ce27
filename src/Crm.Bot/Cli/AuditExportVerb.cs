using System.Globalization;
using Crm.Bot.Commands.Audit;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Storage;

namespace Crm.Bot.Cli;

/// <summary>
/// <c>audit export --since &lt;date&gt; &lt;file.csv&gt;</c>: the audit trail since a day as CSV. The chat
/// help names this verb; it runs here because it writes a file on the machine the command runs on.
/// </summary>
public sealed class AuditExportVerb(CrmDbContext db, TimeProvider time) : ICliVerb
{
    public string Name => "audit export";
    public string Summary => "Export the audit trail since a date to a CSV file.";
    public string Help => """
        Usage: audit export --since <yyyy-mm-dd> <file.csv> [--force]

        Writes every audit record at or after the start of that day (UTC), oldest first, with the
        columns id, at, actor, platform, workspace, channel, command, action, record, customer_id,
        outcome, detail. Cells a spreadsheet would run as formulas get a leading '. The export itself
        is recorded in the audit trail. A relative path is relative to the folder you run this from.

          --force   overwrite the file if it exists
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        const string usage = "Usage: audit export --since <yyyy-mm-dd> <file.csv> [--force]";
        var parsed = CliArguments.Parse(args, ["--since"], ["--force"], out var error);
        if (parsed is null || parsed.Positional.Count != 1 || parsed.Option("--since") is not { } sinceText)
        {
            await output.WriteLineAsync($"{error ?? (parsed?.Option("--since") is null ? "--since <date> is required." : "Name exactly one CSV file.")} {usage}");
            return 2;
        }
        if (!DateOnly.TryParseExact(sinceText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var since))
        {
            await output.WriteLineAsync($"--since '{sinceText}' is not a date like 2026-11-01. {usage}");
            return 2;
        }
        var path = Path.GetFullPath(parsed.Positional[0]);
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            await output.WriteLineAsync($"'{parsed.Positional[0]}' does not end in .csv. {usage}");
            return 2;
        }
        if (File.Exists(path) && !parsed.Has("--force"))
        {
            await output.WriteLineAsync($"File '{path}' exists; add --force to overwrite it.");
            return 2;
        }

        // Write beside the target and move into place, so a failed export never leaves half a file.
        var partial = path + ".partial";
        int count;
        try
        {
            count = await AuditCsv.WriteAsync(db, new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), partial, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        db.Audit.Add(new AuditRecord
        {
            At = time.GetUtcNow(), Actor = CliActor.Current, Platform = Platform.Cli, Command = $"audit export --since {sinceText} {Path.GetFileName(path)}",
            Action = AuditAction.Export, Outcome = AuditOutcome.Allowed, Detail = $"{count} audit rows since {sinceText} to {path}",
        });
        await db.SaveChangesAsync(cancellationToken);
        await output.WriteLineAsync($"Exported {count:N0} audit record(s) since {sinceText} to {path}.");
        return 0;
    }
}
